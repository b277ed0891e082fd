package dev.arbiter.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.JudgeTransport;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.SamplingParameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JudgeDispatcherTest {

    /** A transport whose calls complete only when the test says so. */
    private static final class HeldTransport implements JudgeTransport {
        final List<GenerationRequest> sent = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Generation>> futures = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Generation> generate(GenerationRequest request) {
            sent.add(request);
            var f = new CompletableFuture<Generation>();
            futures.add(f);
            return f;
        }

        void fail(int i, JudgeTransportException.Kind kind) {
            futures.get(i).completeExceptionally(new JudgeTransportException(kind, "test"));
        }

        void answer(int i) {
            var r = sent.get(i);
            futures.get(i).complete(new Generation(r.requestId(), "ok", "stop", null, null, Duration.ZERO));
        }

        @Override
        public void close() {}
    }

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static GenerationRequest request(String id) {
        return new GenerationRequest(id, "judge", "prompt", SamplingParameters.greedy(16), Duration.ofSeconds(5));
    }

    @Test
    void neverExceedsMaxInFlightAndStartsWaitingWorkInFifoOrder() {
        var transport = new HeldTransport();
        var dispatcher = new JudgeDispatcher(transport, scheduler, 2);
        List<JudgeCallResult> results = new ArrayList<>();
        for (String id : List.of("a", "b", "c", "d")) {
            dispatcher.submit(new JudgeDispatcher.Submission(request(id), () -> true, results::add));
        }
        assertThat(transport.sent).extracting(GenerationRequest::requestId).containsExactly("a", "b");
        assertThat(dispatcher.inFlight()).isEqualTo(2);
        assertThat(dispatcher.waiting()).isEqualTo(2);

        transport.answer(1);
        // the freed slot is refilled on the dispatcher's scheduler, not inside the completion
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> transport.sent.size() == 3);
        assertThat(transport.sent).extracting(GenerationRequest::requestId).containsExactly("a", "b", "c");
        assertThat(results).hasSize(1).first().isInstanceOf(JudgeCallResult.Answered.class);
        assertThat(dispatcher.inFlight()).isEqualTo(2);
    }

    @Test
    void waitingCallsOfOnePromptLeaveBackToBackEvenWhenTheyArrivedInterleaved() {
        var transport = new HeldTransport();
        var dispatcher = new JudgeDispatcher(transport, scheduler, 1);
        for (String id : List.of("first", "p1-a", "p2-a", "p1-b", "p2-b")) {
            dispatcher.submit(new JudgeDispatcher.Submission(request(id), id.length() > 2 ? id.substring(0, 2) : id, () -> true, r -> {}));
        }
        for (int answered = 1; answered <= 4; answered++) {
            transport.answer(answered - 1);
            int sent = answered + 1;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> transport.sent.size() == sent);
        }
        assertThat(transport.sent).extracting(GenerationRequest::requestId).containsExactly("first", "p1-a", "p1-b", "p2-a", "p2-b");
    }

    @Test
    void unwantedWaitingSubmissionsAreSkipped() {
        var transport = new HeldTransport();
        var dispatcher = new JudgeDispatcher(transport, scheduler, 1);
        dispatcher.submit(new JudgeDispatcher.Submission(request("a"), () -> true, r -> {}));
        dispatcher.submit(new JudgeDispatcher.Submission(request("stale"), () -> false, r -> {}));
        dispatcher.submit(new JudgeDispatcher.Submission(request("b"), () -> true, r -> {}));
        transport.answer(0);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> transport.sent.size() == 2);
        assertThat(transport.sent).extracting(GenerationRequest::requestId).containsExactly("a", "b");
    }

    @Test
    void transportFailureIsDeliveredClassifiedAndFreesTheSlot() throws Exception {
        JudgeTransport failing = new JudgeTransport() {
            @Override
            public CompletableFuture<Generation> generate(GenerationRequest r) {
                return CompletableFuture.failedFuture(
                        new JudgeTransportException(JudgeTransportException.Kind.UNAVAILABLE, "down"));
            }

            @Override
            public void close() {}
        };
        var dispatcher = new JudgeDispatcher(failing, scheduler, 1);
        var results = new CopyOnWriteArrayList<JudgeCallResult>();
        dispatcher.submit(new JudgeDispatcher.Submission(request("a"), () -> true, results::add));
        dispatcher.submit(new JudgeDispatcher.Submission(request("b"), () -> true, results::add));
        assertThat(results).hasSize(2).allSatisfy(r -> assertThat(((JudgeCallResult.Failed) r).error().kind())
                .isEqualTo(JudgeTransportException.Kind.UNAVAILABLE));
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void delayedSubmissionIsSentAfterItsBackoff() throws Exception {
        var transport = new HeldTransport();
        var dispatcher = new JudgeDispatcher(transport, scheduler, 4);
        dispatcher.submitAfter(Duration.ofMillis(500),
                new JudgeDispatcher.Submission(request("later"), () -> true, r -> {}));
        assertThat(transport.sent).isEmpty();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> transport.sent.size() == 1);
    }

    @Test
    void everyResultIsDeliveredWhenThousandsOfQueuedCallsFailSynchronously() {
        // A transport that refuses at once (as a full client-side limit does). Starting the next
        // queued call from inside the previous call's completion used to recurse per queued
        // call; at this depth that overflowed the stack inside a CompletableFuture callback and
        // silently lost results.
        JudgeTransport refusing = new JudgeTransport() {
            @Override
            public CompletableFuture<Generation> generate(GenerationRequest request) {
                return CompletableFuture.failedFuture(new JudgeTransportException(JudgeTransportException.Kind.OVERLOADED, "full"));
            }

            @Override
            public void close() {}
        };
        var dispatcher = new JudgeDispatcher(refusing, scheduler, 1);
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        var blocker = new CompletableFuture<Void>();
        // Occupy the scheduler so that all submissions queue up behind the first one.
        scheduler.execute(blocker::join);
        for (int i = 0; i < 20_000; i++) {
            dispatcher.submit(new JudgeDispatcher.Submission(request("r" + i), () -> true, r -> delivered.incrementAndGet()));
        }
        blocker.complete(null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> delivered.get() == 20_000);
        assertThat(dispatcher.inFlight()).isZero();
        assertThat(dispatcher.waiting()).isZero();
    }

    @Test
    void aTransportThatThrowsIsAnInternalFailureNotTheInputsFault() {
        JudgeTransport throwing = new JudgeTransport() {
            @Override
            public java.util.concurrent.CompletableFuture<dev.arbiter.judge.transport.Generation> generate(GenerationRequest request) {
                throw new NullPointerException("bug in the transport");
            }

            @Override
            public void close() {}
        };
        var dispatcher = new JudgeDispatcher(throwing, scheduler, 4);
        List<JudgeCallResult> results = new CopyOnWriteArrayList<>();
        dispatcher.submit(new JudgeDispatcher.Submission(request("npe"), () -> true, results::add));
        assertThat(results).singleElement().isInstanceOfSatisfying(JudgeCallResult.Failed.class, f -> {
            assertThat(f.error().kind()).isEqualTo(JudgeTransportException.Kind.INTERNAL);
            assertThat(f.error().fault()).isEqualTo(JudgeTransportException.Fault.JUDGE_AWAY);
            assertThat(new RetryPolicy(3, Duration.ZERO, Duration.ZERO).giveUp(f.error(), 1_000)).isFalse();
        });
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void aRetryScheduledAfterShutdownBeganIsDroppedWithoutThrowing() {
        var dispatcher = new JudgeDispatcher(new HeldTransport(), scheduler, 4);
        scheduler.shutdownNow();
        List<JudgeCallResult> results = new CopyOnWriteArrayList<>();
        dispatcher.submitAfter(Duration.ofMillis(10), new JudgeDispatcher.Submission(request("late"), () -> true, results::add));
        assertThat(results).isEmpty();
    }

    @Test
    void aCallTheTransportNeverCompletesTimesOutAndFreesItsSlot() {
        var transport = new HeldTransport(); // never answers
        var dispatcher = new JudgeDispatcher(transport, scheduler, 1, Duration.ofMillis(50));
        List<JudgeCallResult> results = new CopyOnWriteArrayList<>();
        GenerationRequest r = new GenerationRequest("lost", "judge", "prompt", SamplingParameters.greedy(16), Duration.ofMillis(100));
        dispatcher.submit(new JudgeDispatcher.Submission(r, () -> true, results::add));
        dispatcher.submit(new JudgeDispatcher.Submission(request("next"), () -> true, results::add));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> results.size() == 1);
        assertThat(results.get(0)).isInstanceOfSatisfying(JudgeCallResult.Failed.class, f -> {
            assertThat(f.error().kind()).as("a stuck transport is not the input's fault")
                    .isEqualTo(JudgeTransportException.Kind.UNRESPONSIVE);
            assertThat(f.error().fault()).isEqualTo(JudgeTransportException.Fault.JUDGE_AWAY);
            assertThat(f.error().getMessage()).as("names this dispatcher's grace").contains(Duration.ofMillis(50).toString());
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> transport.sent.size() == 2);
    }

    @Test
    void aJudgeThatIsAwayIsNotCalledAgainUntilReadinessSaysItIsBackAndOneTrialCallSucceeds() {
        var transport = new HeldTransport();
        var ready = new java.util.concurrent.atomic.AtomicBoolean(false);
        var probes = new java.util.concurrent.atomic.AtomicInteger();
        var breaker = new CircuitBreaker(new CircuitBreaker.Settings(2, Duration.ofMillis(20)), System::nanoTime);
        var dispatcher = new JudgeDispatcher(transport, scheduler, 8, breaker, () -> {
            probes.incrementAndGet();
            return CompletableFuture.completedFuture(ready.get());
        });
        List<JudgeCallResult> results = new CopyOnWriteArrayList<>();
        dispatcher.submit(new JudgeDispatcher.Submission(request("a"), () -> true, results::add));
        dispatcher.submit(new JudgeDispatcher.Submission(request("b"), () -> true, results::add));
        transport.fail(0, JudgeTransportException.Kind.UNAVAILABLE);
        transport.fail(1, JudgeTransportException.Kind.UNAVAILABLE);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        for (String id : List.of("c", "d", "e")) dispatcher.submit(new JudgeDispatcher.Submission(request(id), () -> true, results::add));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> probes.get() >= 3);
        assertThat(transport.sent).as("nothing is sent while the judge is away").hasSize(2);
        assertThat(dispatcher.waiting()).isEqualTo(3);

        ready.set(true);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> transport.sent.size() == 3);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(transport.sent.get(2).requestId()).as("one trial call, in FIFO order").isEqualTo("c");
        assertThat(dispatcher.waiting()).isEqualTo(2);

        transport.answer(2);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> transport.sent.size() == 5);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.openings()).isEqualTo(1);
        assertThat(breaker.lastRecovery()).isPresent();
    }

    @Test
    void aFailureOfTheInputSaysTheJudgeIsThereAndATrialThatFailsOpensTheBreakerAgain() {
        var transport = new HeldTransport();
        var breaker = new CircuitBreaker(new CircuitBreaker.Settings(2, Duration.ofMinutes(10)), System::nanoTime);
        var dispatcher = new JudgeDispatcher(transport, scheduler, 8, breaker, () -> CompletableFuture.completedFuture(true));
        for (String id : List.of("a", "b", "c")) dispatcher.submit(new JudgeDispatcher.Submission(request(id), () -> true, r -> {}));
        transport.fail(0, JudgeTransportException.Kind.UNAVAILABLE);
        transport.fail(1, JudgeTransportException.Kind.MODEL_ERROR);
        transport.fail(2, JudgeTransportException.Kind.UNAVAILABLE);
        assertThat(breaker.state()).as("the failures were not consecutive").isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.away();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.readyAgain()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("only one trial").isFalse();
        breaker.away();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.openings()).as("reopening from a failed trial is the same outage").isEqualTo(1);
    }
}
