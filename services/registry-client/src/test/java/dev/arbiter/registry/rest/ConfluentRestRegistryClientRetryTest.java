package dev.arbiter.registry.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.arbiter.registry.SchemaRegistryException;
import dev.arbiter.schema.CandidateGeneration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry and error classification against a scripted local HTTP server. */
class ConfluentRestRegistryClientRetryTest {

    private record Reply(int status, String body) {}

    private HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Reply reply;
            synchronized (script) {
                reply = script.isEmpty() ? new Reply(500, "{}") : script.removeFirst();
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private ConfluentRestRegistryClient client(int attempts) {
        return new ConfluentRestRegistryClient(
                RegistryClientConfig.of("http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7/")
                        .withMaxAttempts(attempts)
                        .withRetryBackoff(Duration.ofMillis(5)));
    }

    @Test
    void a5xxIsRetriedAndTheNextSuccessIsUsed() {
        script.add(new Reply(503, "{\"error_code\":50003,\"message\":\"busy\"}"));
        script.add(new Reply(200, "{\"id\":42}"));
        ConfluentRestRegistryClient client = client(3);

        assertThat(client.register("t-value", CandidateGeneration.getClassSchema())).isEqualTo(42);
        assertThat(client.requestsSent()).isEqualTo(2);
        assertThat(seen.get(0)).startsWith("POST /apis/ccompat/v7/subjects/t-value/versions "
                + "application/vnd.schemaregistry.v1+json {\"schema\":\"{\\\"type\\\":\\\"record\\\"");
    }

    @Test
    void a4xxIsNotRetriedAndCarriesStatusAndErrorCode() {
        script.add(new Reply(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        ConfluentRestRegistryClient client = client(3);

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.getById(5));

        assertThat(e.isSchemaNotFound()).isTrue();
        assertThat(e.getMessage()).contains("Schema not found");
        assertThat(client.requestsSent()).isEqualTo(1);
    }

    @Test
    void persistent5xxFailsAsUnavailableAfterAllAttempts() {
        ConfluentRestRegistryClient client = client(3);

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.getById(5));

        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.isUnavailable()).isTrue();
        assertThat(client.requestsSent()).isEqualTo(3);
    }

    @Test
    void aRefusedConnectionIsRetriedThenReportedAsUnavailableWithStatusZero() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        ConfluentRestRegistryClient client = new ConfluentRestRegistryClient(
                RegistryClientConfig.of("http://127.0.0.1:" + deadPort).withMaxAttempts(2).withRetryBackoff(Duration.ofMillis(5)));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.getById(1));

        assertThat(e.httpStatus()).isZero();
        assertThat(e.isUnavailable()).isTrue();
        assertThat(client.requestsSent()).isEqualTo(2);
    }

    @Test
    void subjectNamesAreEscapedAsOnePathSegment() {
        script.add(new Reply(200, "[1]"));

        assertThat(client(1).listVersions("a b/c")).containsExactly(1);
        assertThat(seen.get(0)).startsWith("GET /apis/ccompat/v7/subjects/a%20b%2Fc/versions ");
    }
}
