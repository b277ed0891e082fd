package dev.arbiter.triton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.judge.profile.JudgeProfiles;
import dev.arbiter.judge.scalar.ScalarModel;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.Score;
import dev.arbiter.judge.transport.ScoreRequest;
import dev.arbiter.triton.batching.DynamicBatcher;
import dev.arbiter.triton.client.TritonClientConfig;
import dev.arbiter.triton.judge.TritonJudgeConfig;
import dev.arbiter.triton.judge.TritonJudgeTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scalar scoring path of our Triton client against the development server over a real
 * socket, with the model really executed: scores follow meaning, concurrent requests travel in
 * shared ModelInfer calls whose rows are the distinct texts, and failures keep their kinds.
 */
class ScalarScoringAgainstDevServerTest {

    private static final String MODEL = "all-minilm-l6-v2-q";
    private static final String REFERENCE = "Water boils at 100 degrees Celsius at sea level, and cooler at altitude.";

    private JudgeDevServer server;
    private TritonJudgeTransport transport;
    private final ScalarModel spec = JudgeProfiles.standard().load("minilm-similarity").scalar().orElseThrow();

    @BeforeEach
    void start() {
        server = new JudgeDevServer(JudgeDevServerConfig.instant()).start();
        transport = TritonJudgeTransport.connect(TritonClientConfig.plaintext(server.target()).withMaxRequestsInFlight(64),
                TritonJudgeConfig.defaults(), new SimpleMeterRegistry(), Map.of(MODEL, spec));
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    private static ScoreRequest request(String id, String response) {
        return new ScoreRequest(id, MODEL, response, REFERENCE, Duration.ofSeconds(30));
    }

    @Test
    void aParaphraseOfTheReferenceScoresAboveAnUnrelatedAnswer() {
        Score paraphrase = transport.score(request("a", "At sea level water boils at one hundred degrees Celsius.")).join();
        Score unrelated = transport.score(request("b", "My favourite football team won the league three years in a row.")).join();
        assertThat(paraphrase.requestId()).isEqualTo("a");
        assertThat(paraphrase.value()).isGreaterThan(unrelated.value() + 0.3).isLessThanOrEqualTo(1.0);
    }

    @Test
    void concurrentCandidatesOfOnePromptShareCallsAndTheirReferenceRow() {
        List<CompletableFuture<Score>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) calls.add(transport.score(request("c" + i, "Answer number " + i + " about boiling water.")));
        List<Score> scores = calls.stream().map(CompletableFuture::join).toList();
        DynamicBatcher.Stats client = transport.scalarBatching(MODEL).orElseThrow();
        assertThat(client.requests()).isEqualTo(40);
        assertThat(client.executions()).as("ModelInfer calls").isLessThan(40);
        // a call of k candidates of one prompt carries k responses and one shared reference row
        assertThat(scores).allSatisfy(s -> assertThat(s.batchRows()).isLessThanOrEqualTo(spec.maxCandidatesPerCall() + 1));
        assertThat(scores).anySatisfy(s -> assertThat(s.batchRows()).isGreaterThan(2));
        assertThat(server.batching(MODEL).orElseThrow().requests()).isEqualTo(client.executions());
    }

    @Test
    void aModelThatIsNotReadyIsARetryableFailureAndAModelNotConfiguredAsScalarIsRefused() {
        server.setModelReady(MODEL, false);
        assertThatThrownBy(() -> transport.score(request("nr", "text")).join()).cause()
                .isInstanceOfSatisfying(JudgeTransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(JudgeTransportException.Kind.MODEL_NOT_READY);
                    assertThat(e.kind().retryable()).isTrue();
                });
        server.setModelReady(MODEL, true);
        assertThat(transport.score(request("ok", "text")).join().value()).isBetween(-1.0, 1.0);
        ScoreRequest elsewhere = new ScoreRequest("x", "auto-j-13b-gptq", "text", REFERENCE, Duration.ofSeconds(5));
        assertThatThrownBy(() -> transport.score(elsewhere).join()).cause()
                .isInstanceOfSatisfying(JudgeTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(JudgeTransportException.Kind.INVALID_REQUEST));
    }
}
