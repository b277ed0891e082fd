package dev.arbiter.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void judgeOutageIsRetriedWithoutLimit() {
        for (Kind k : new Kind[] {Kind.UNAVAILABLE, Kind.MODEL_NOT_READY, Kind.OVERLOADED, Kind.CLOSED,
                Kind.UNAUTHORIZED, Kind.UNRESPONSIVE, Kind.INTERNAL}) {
            assertThat(policy.giveUp(new JudgeTransportException(k, "x"), 1_000)).as(k.name()).isFalse();
        }
    }

    @Test
    void everyKindIsEitherTheJudgesAbsenceOrPossiblyTheInputsFaultAndOnlyTheLatterGivesUp() {
        for (Kind k : Kind.values()) {
            boolean gaveUp = policy.giveUp(new JudgeTransportException(k, "x"), 3);
            assertThat(gaveUp).as(k.name()).isEqualTo(k.fault() == JudgeTransportException.Fault.INPUT);
        }
    }

    @Test
    void inputSpecificFailuresGiveUpAfterMaxAttempts() {
        var timeout = new JudgeTransportException(Kind.DEADLINE_EXCEEDED, "slow");
        assertThat(policy.giveUp(timeout, 2)).isFalse();
        assertThat(policy.giveUp(timeout, 3)).isTrue();
        assertThat(policy.giveUp(new JudgeTransportException(Kind.MODEL_NOT_FOUND, "no model"), 3)).isTrue();
    }

    @Test
    void backoffDoublesAndIsCapped() {
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(60)).isEqualTo(Duration.ofSeconds(1));
    }
}
