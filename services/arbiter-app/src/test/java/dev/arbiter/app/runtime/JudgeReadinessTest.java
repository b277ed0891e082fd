package dev.arbiter.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.judge.transport.JudgeTransportException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JudgeReadinessTest {

    private final Deque<CompletableFuture<Boolean>> answers = new ArrayDeque<>();
    private final AtomicInteger asked = new AtomicInteger();
    private final JudgeReadiness readiness = new JudgeReadiness(() -> {
        asked.incrementAndGet();
        return answers.isEmpty() ? new CompletableFuture<>() : answers.poll();
    }, "auto-j-13b-gptq", Duration.ofMillis(200));

    @Test
    void isDownUntilFirstAskedThenFollowsEachAnswerWithItsReason() {
        assertThat(readiness.check().up()).isFalse();
        assertThat(readiness.check().detail()).contains("not checked yet");

        answers.add(CompletableFuture.completedFuture(true));
        readiness.ask();
        assertThat(readiness.check().up()).isTrue();
        assertThat(readiness.check().detail()).isEqualTo("judge model auto-j-13b-gptq ready");

        answers.add(CompletableFuture.failedFuture(new JudgeTransportException(JudgeTransportException.Kind.UNAVAILABLE, "connection refused")));
        readiness.ask();
        assertThat(readiness.check().up()).isFalse();
        assertThat(readiness.check().detail()).startsWith("judge unreachable: UNAVAILABLE").contains("connection refused");

        answers.add(CompletableFuture.completedFuture(false));
        readiness.ask();
        assertThat(readiness.check().detail()).isEqualTo("judge model auto-j-13b-gptq not ready");

        answers.add(CompletableFuture.completedFuture(true));
        readiness.ask();
        assertThat(readiness.check().up()).as("ready again by itself").isTrue();
    }

    @Test
    void aQuestionThatIsNotAnsweredInTimeCountsAsUnresponsiveAndNoSecondOneIsAskedMeanwhile() {
        readiness.ask(); // never answered
        readiness.ask();
        assertThat(asked.get()).as("one question outstanding at a time").isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> readiness.check().detail().contains("UNRESPONSIVE"));
        assertThat(readiness.check().up()).isFalse();
        answers.add(CompletableFuture.completedFuture(true));
        readiness.ask();
        assertThat(asked.get()).isEqualTo(2);
        assertThat(readiness.check().up()).isTrue();
    }

    @Test
    void aProbeThatThrowsReadsAsDownInsteadOfEscaping() {
        JudgeReadiness throwing = new JudgeReadiness(() -> {
            throw new IllegalStateException("channel shut down");
        }, "m", Duration.ofSeconds(1));
        throwing.ask();
        assertThat(throwing.check().up()).isFalse();
        assertThat(throwing.check().detail()).contains("INTERNAL").contains("channel shut down");
    }
}
