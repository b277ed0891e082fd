package dev.arbiter.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link EmbeddedKafkaMain} as a child JVM, the way a crash test would use it. */
class EmbeddedKafkaMainTest {

    @Test
    void childBrokerAnnouncesReadinessServesClientsAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("kafka");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                EmbeddedKafkaMain.class.getName(), "--log-dir", logDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String bootstrap = CompletableFuture.supplyAsync(() -> readyBootstrap(stdout)).get(60, TimeUnit.SECONDS);
            assertThat(bootstrap).startsWith("localhost:");

            try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("from-parent", 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
                // The controller acknowledges creation before the broker's metadata cache lists it.
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(admin.listTopics().names().get(20, TimeUnit.SECONDS)).contains("from-parent"));
            }

            child.destroy(); // SIGTERM on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("broker JVM exits after SIGTERM").isTrue();
            int port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));
            assertThat(accepts(port)).as("listener closed after exit").isFalse();
            assertThat(logDir.resolve(KraftStorage.META_PROPERTIES)).as("a given log dir survives").exists();
        } finally {
            child.destroyForcibly();
        }
    }

    private static String readyBootstrap(BufferedReader stdout) {
        try {
            String line;
            while ((line = stdout.readLine()) != null) {
                if (line.startsWith("READY bootstrap=")) {
                    return line.substring("READY bootstrap=".length());
                }
            }
            throw new AssertionError("child exited without a READY line");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }
}
