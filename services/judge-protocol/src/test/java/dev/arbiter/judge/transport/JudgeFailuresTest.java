package dev.arbiter.judge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.transport.JudgeTransportException.Fault;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class JudgeFailuresTest {

    @Test
    void aClassifiedFailureKeepsItsKindThroughAnyWrapping() {
        JudgeTransportException inner = new JudgeTransportException(Kind.MODEL_ERROR, "model failed");
        assertThat(JudgeFailures.classify(new CompletionException(new ExecutionException(inner)))).isSameAs(inner);
    }

    @Test
    void clientSideFailuresAreNeverTheInputsFault() {
        assertThat(JudgeFailures.classify(new CompletionException(new CancellationException()))).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.CLOSED);
            assertThat(e.fault()).isEqualTo(Fault.JUDGE_AWAY);
        });
        assertThat(JudgeFailures.classify(new TimeoutException("no answer"))).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNRESPONSIVE);
            assertThat(e.fault()).isEqualTo(Fault.JUDGE_AWAY);
            assertThat(e.getMessage()).contains("no answer");
        });
        assertThat(JudgeFailures.classify(new CompletionException(new IllegalStateException("bug")))).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.INTERNAL);
            assertThat(e.fault()).isEqualTo(Fault.JUDGE_AWAY);
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void onlyFailuresThatMayComeFromTheInputCountAgainstIt() {
        assertThat(Kind.values()).filteredOn(k -> k.fault() == Fault.INPUT)
                .containsExactlyInAnyOrder(Kind.DEADLINE_EXCEEDED, Kind.MODEL_NOT_FOUND, Kind.INVALID_REQUEST, Kind.MODEL_ERROR);
    }
}
