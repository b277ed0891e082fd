package dev.arbiter.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.JudgeTransport;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import dev.arbiter.judge.transport.SamplingParameters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's lifecycle on Kafka Streams' own {@link MockProcessorContext} with in-memory
 * stores, a real dispatcher and a transport the test answers by hand. A small branch of strings
 * stands in for grading and pairwise: an item is {@code id|calls}, stored as {@code item@millis}
 * ({@code id|calls+k} goes on for k more steps of as many calls before it emits, and
 * {@code id|calls=key} shares the calls of an item with the same key);
 * an item containing {@code gone} is no longer offered by the plan, one containing {@code boom}
 * makes planning throw.
 */
class InFlightEngineTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ManualTransport transport = new ManualTransport();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final JudgeDispatcher dispatcher = new JudgeDispatcher(transport, scheduler, 100);
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final CountingStore pending = new CountingStore(store("pending"));
    private final KeyValueStore<String, Integer> attempts = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("attempts"), Serdes.String(), Serdes.Integer()).withLoggingDisabled().build();
    private int window = 100;
    private int cap = 10_000;

    InFlightEngineTest() {
        pending.init(context.getStateStoreContext(), pending);
        attempts.init(context.getStateStoreContext(), attempts);
        context.addStateStore(pending);
        context.addStateStore(attempts);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private InFlightEngine<String, String, String> engine() {
        InFlightEngine<String, String, String> engine = new InFlightEngine<>(new StringBranch(), "pending", "attempts",
                dispatcher, new RetryPolicy(3, Duration.ZERO, Duration.ZERO),
                new EngineSettings(window, cap, 1, Duration.ZERO, Duration.ofMillis(10), true), metrics,
                Clock.fixed(NOW, ZoneOffset.UTC), () -> 0L);
        engine.init(context);
        return engine;
    }

    private void punctuate() {
        context.scheduledPunctuators().forEach(p -> {
            if (!p.cancelled()) p.getPunctuator().punctuate(0);
        });
    }

    private List<String> outputs() {
        List<String> out = new ArrayList<>();
        context.forwarded().forEach(f -> out.add(f.childName().orElse("") + ":" + f.record().key() + "=" + f.record().value()));
        return out;
    }

    @Test
    void anItemIsStoredAnsweredAndEmittedOnceAndItsEntriesAreDeleted() {
        InFlightEngine<String, String, String> engine = engine();
        engine.process(new Record<>("k", "a|1", 0L));
        assertThat(pending.get("a")).isEqualTo("a|1@" + NOW.toEpochMilli());
        transport.answer("a#0");
        punctuate();
        assertThat(outputs()).containsExactly("out:a=ok samples=[0] attempts=1");
        assertThat(pending.get("a")).isNull();
        assertThat(attempts.get("a")).isNull();
        assertThat(metrics.pending).isZero();
        assertThat(metrics.active).isZero();
    }

    @Test
    void initCloseInitDropsTheFirstLifesAnswersAndJudgesTheRestoredItemOnce() {
        InFlightEngine<String, String, String> engine = engine();
        engine.process(new Record<>("k", "a|1", 0L));
        CompletableFuture<Generation> cut = transport.awaitRequest("a#0");
        engine.close();

        engine.init(context); // the same task revived: a new life, restored from its store
        punctuate(); // the restored item enters the window on the first punctuation
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.requestsFor("a#0") == 2);
        cut.complete(generation("Rating: [[1]]")); // the first life's answer arrives late
        punctuate();
        assertThat(outputs()).as("a stale answer is never emitted").isEmpty();

        transport.answer("a#0");
        punctuate();
        punctuate();
        assertThat(outputs()).as("one output; the restart counts as an attempt")
                .containsExactly("out:a=ok samples=[0] attempts=2");
        assertThat(metrics.pending).isZero();
        engine.close();
    }

    @Test
    void anItemThatGoesOnReplacesItsPendingEntryKeepsItsIdAndAttemptsAndEmitsItsFinalOutputOnce() {
        InFlightEngine<String, String, String> engine = engine();
        engine.process(new Record<>("k", "s|1+1", 0L));
        transport.answer("s#0");
        punctuate();
        assertThat(outputs()).containsExactly("out:s=step done, 0 left, attempts=1");
        assertThat(pending.get("s")).as("the next step in the item's place, accepted when the item was")
                .isEqualTo("s|1+0@" + NOW.toEpochMilli());
        assertThat(attempts.get("s")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.requestsFor("s#0") == 2);
        transport.answer("s#0");
        punctuate();
        assertThat(outputs()).containsExactly("out:s=step done, 0 left, attempts=1", "out:s=ok samples=[0] attempts=2");
        assertThat(pending.get("s")).isNull();
        assertThat(attempts.get("s")).isNull();
        assertThat(metrics.pending).isZero();
        assertThat(metrics.active).isZero();
    }

    @Test
    void itemsWithTheSameShareKeyAreJudgedOnceAndEachGetsItsOwnOutput() {
        InFlightEngine<String, String, String> engine = engine();
        engine.process(new Record<>("k", "a|1=same", 0L));
        engine.process(new Record<>("k", "b|1=same", 0L));
        engine.process(new Record<>("k", "c|1=other", 0L));
        transport.answer("a#0");
        transport.answer("c#0");
        punctuate();
        assertThat(transport.requestsFor("b#0")).as("b makes no call of its own").isZero();
        assertThat(outputs()).containsExactlyInAnyOrder("out:a=shared with a attempts=1", "out:b=shared with a attempts=0",
                "out:c=ok samples=[0] attempts=1");
        assertThat(pending.get("b")).isNull();
        assertThat(metrics.active).isZero();

        engine.process(new Record<>("k", "d|1=same", 0L));
        transport.answer("d#0");
        punctuate();
        assertThat(outputs()).as("once the calls are answered, the key is free again").contains("out:d=ok samples=[0] attempts=1");
    }

    @Test
    void aRestartBetweenStepsResumesAtTheStepTheItemWasInAndRedoesNoFinishedStep() {
        InFlightEngine<String, String, String> engine = engine();
        engine.process(new Record<>("k", "s|1+1", 0L));
        transport.answer("s#0");
        punctuate();
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.requestsFor("s#0") == 2);
        engine.close();

        engine.init(context);
        punctuate();
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.requestsFor("s#0") == 3);
        transport.answer("s#0");
        punctuate();
        assertThat(outputs()).as("the first step's output once, then the final one: the first step is not judged again")
                .containsExactly("out:s=step done, 0 left, attempts=1", "out:s=ok samples=[0] attempts=3");
        engine.close();
    }

    @Test
    void inputFaultsAreGivenUpAfterMaxAttemptsAndTheItemStillGetsExactlyOneResult() {
        InFlightEngine<String, String, String> engine = engine();
        engine.process(new Record<>("k", "a|1", 0L));
        for (int i = 0; i < 3; i++) {
            transport.fail("a#0", Kind.MODEL_ERROR, i + 1);
            punctuate();
        }
        assertThat(outputs()).containsExactly("out:a=failed attempts=3");
        assertThat(metrics.gaveUp).containsExactly(Kind.MODEL_ERROR);
        assertThat(metrics.retried).containsExactly(Kind.MODEL_ERROR, Kind.MODEL_ERROR);
        assertThat(pending.get("a")).isNull();
    }

    @Test
    void judgeAwayFailuresAreNeverGivenUpAndEachRetryPersistsOnlyTheAttemptCount() {
        InFlightEngine<String, String, String> engine = engine();
        engine.process(new Record<>("k", "a|1", 0L));
        for (int i = 0; i < 10; i++) {
            transport.fail("a#0", Kind.UNAVAILABLE, i + 1);
            punctuate();
            assertThat(attempts.get("a")).isEqualTo(i + 1);
        }
        assertThat(pending.puts).as("the stored item is written once, never rewritten on a retry").isEqualTo(1);
        transport.answer("a#0");
        punctuate();
        assertThat(outputs()).containsExactly("out:a=ok samples=[0] attempts=11");
        assertThat(metrics.gaveUp).isEmpty();
    }

    @Test
    void aSampleGivenUpOnIsLeftOutAndTheOthersStillMakeTheResult() {
        InFlightEngine<String, String, String> engine = engine();
        engine.process(new Record<>("k", "a|3", 0L));
        transport.answer("a#0");
        transport.answer("a#2");
        for (int i = 0; i < 3; i++) {
            transport.fail("a#1", Kind.DEADLINE_EXCEEDED, i + 1);
            punctuate();
        }
        punctuate();
        assertThat(outputs()).containsExactly("out:a=ok samples=[0, 2] attempts=5");
    }

    @Test
    void aRestoredItemWhoseProtocolIsGoneGetsOneFailedResultWithItsReasonAndIsForgotten() {
        pending.put("gone-1", "gone-1|1@0");
        pending.put("b", "b|1@0");
        engine();
        punctuate();
        assertThat(outputs()).containsExactly("out:gone-1=withdrawn UNSUPPORTED_PROTOCOL attempts=1");
        assertThat(pending.get("gone-1")).isNull();
        assertThat(metrics.withdrawn).containsExactly("UNSUPPORTED_PROTOCOL");
        transport.answer("b#0");
        punctuate();
        assertThat(outputs()).hasSize(2).last().isEqualTo("out:b=ok samples=[0] attempts=2");
    }

    @Test
    void aLargeWithdrawnBacklogIsAnsweredAWindowAtATimeNotInOneTransaction() {
        window = 3;
        for (int i = 0; i < 10; i++) pending.put("gone-" + i, "gone-" + i + "|1@0");
        engine();
        punctuate();
        assertThat(outputs()).hasSize(3);
        punctuate();
        assertThat(outputs()).hasSize(6);
        punctuate();
        punctuate();
        assertThat(outputs()).hasSize(10).allSatisfy(o -> assertThat(o).contains("withdrawn UNSUPPORTED_PROTOCOL attempts=1"));
        assertThat(metrics.pending).isZero();
    }

    @Test
    void anItemWhosePlanningThrowsGetsAFailedResultInsteadOfStoppingTheTask() {
        InFlightEngine<String, String, String> engine = engine();
        engine.process(new Record<>("k", "boom|1", 0L));
        engine.process(new Record<>("k", "c|1", 0L));
        transport.answer("c#0");
        punctuate();
        assertThat(outputs()).containsExactly("out:boom=withdrawn " + InFlightEngine.PLAN_FAILED + " attempts=0",
                "out:c=ok samples=[0] attempts=1");
    }

    @Test
    void acceptingReturnsAtOnceWhileTheJudgeIsAwayAndOnlyTheWindowIsInMemory() {
        window = 2;
        InFlightEngine<String, String, String> engine = engine();
        for (int i = 0; i < 50; i++) engine.process(new Record<>("k", "i" + i + "|1", 0L));
        assertThat(metrics.pending).isEqualTo(50);
        assertThat(engine.windowSize()).isEqualTo(2);
        assertThat(metrics.active).isEqualTo(2);
        assertThat(transport.totalRequests()).isEqualTo(2);
        transport.answer("i0#0");
        punctuate();
        assertThat(outputs()).containsExactly("out:i0=ok samples=[0] attempts=1");
        assertThat(transport.totalRequests()).as("the next backlog item entered the window").isEqualTo(3);
    }

    /** The pending store, counting writes: write amplification is what it is there to catch. */
    private static final class CountingStore extends org.apache.kafka.streams.state.internals.WrappedStateStore<KeyValueStore<String, String>, String, String>
            implements KeyValueStore<String, String> {
        int puts;

        CountingStore(KeyValueStore<String, String> inner) {
            super(inner);
        }

        @Override public void put(String key, String value) { puts++; wrapped().put(key, value); }
        @Override public String putIfAbsent(String key, String value) { puts++; return wrapped().putIfAbsent(key, value); }
        @Override public void putAll(List<org.apache.kafka.streams.KeyValue<String, String>> entries) { puts += entries.size(); wrapped().putAll(entries); }
        @Override public String delete(String key) { return wrapped().delete(key); }
        @Override public String get(String key) { return wrapped().get(key); }
        @Override public org.apache.kafka.streams.state.KeyValueIterator<String, String> range(String from, String to) { return wrapped().range(from, to); }
        @Override public org.apache.kafka.streams.state.KeyValueIterator<String, String> all() { return wrapped().all(); }
        @Override public long approximateNumEntries() { return wrapped().approximateNumEntries(); }
    }

    private static KeyValueStore<String, String> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
    }

    private static Generation generation(String text) {
        return new Generation("x", text, "stop", OptionalInt.empty(), OptionalInt.empty(), Duration.ZERO);
    }

    /** Items are {@code id|calls}; the prepared work is the item itself. */
    private static final class StringBranch implements Branch<String, String, String> {
        @Override public String name() { return "test"; }
        @Override public String id(String item) { return item.substring(0, item.indexOf('|')); }
        @Override
        public PendingForm<String, String> pendingForm() {
            return new PendingForm<>((item, at) -> item + "@" + at.toEpochMilli(), StringBranch::item,
                    stored -> Instant.ofEpochMilli(Long.parseLong(stored.substring(stored.indexOf('@') + 1))), stored -> 0);
        }

        static String item(String stored) { return stored.substring(0, stored.indexOf('@')); }
        @Override public String groupKey(String item) { return "g"; }

        @Override
        public Plan<String> plan(String item) {
            if (item.contains("boom")) throw new IllegalStateException("cannot render");
            if (item.contains("gone")) return new Plan.Withdrawn<>("UNSUPPORTED_PROTOCOL", "no longer offered");
            String calls = item.substring(item.indexOf('|') + 1).split("[+=]")[0];
            return new Plan.Ready<>(item, Integer.parseInt(calls));
        }

        @Override
        public GenerationRequest request(String prepared, int call, String requestId) {
            return new GenerationRequest(requestId, "judge", prepared, SamplingParameters.greedy(8), Duration.ofSeconds(30));
        }

        @Override
        public Step<String> assemble(String stored, String prepared, List<JudgeCallResult> results, int attempts, Instant now) {
            String item = item(stored);
            int plus = item.indexOf('+');
            if (plus > 0 && Integer.parseInt(item.substring(plus + 1)) > 0) {
                int left = Integer.parseInt(item.substring(plus + 1)) - 1;
                return new Step.Continue<>(item.substring(0, plus + 1) + left,
                        List.of(new Output("out", id(item), "step done, " + left + " left, attempts=" + attempts)));
            }
            List<Integer> surviving = SamplePolicy.survivingSamples(results, results.size(), call -> call);
            String value = surviving.isEmpty() ? "failed attempts=" + attempts : "ok samples=" + surviving + " attempts=" + attempts;
            return Step.done(List.of(new Output("out", id(item), value)));
        }

        @Override
        public List<Output> withdrawn(String stored, Plan.Withdrawn<String> why, int attempts, Instant now) {
            return List.of(new Output("out", id(item(stored)), "withdrawn " + why.flag() + " attempts=" + attempts));
        }

        @Override public void emitted(String stored, List<Output> outputs, Duration sinceAccepted) {}

        @Override
        public Optional<String> shareKey(String item) {
            return item.contains("=") ? Optional.of(item.substring(item.indexOf('=') + 1)) : Optional.empty();
        }

        @Override
        public Step<String> assembleShared(String stored, String prepared, List<JudgeCallResult> results, int attempts,
                                           Instant now, String judgedBy) {
            return Step.done(List.of(new Output("out", id(item(stored)), "shared with " + judgedBy + " attempts=" + attempts)));
        }
    }

    /** A judge the test answers by hand: requests are found by the {@code id#call} prefix of their id. */
    private static final class ManualTransport implements JudgeTransport {
        private final Map<String, CompletableFuture<Generation>> open = new ConcurrentHashMap<>();
        private final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Generation> generate(GenerationRequest request) {
            CompletableFuture<Generation> f = new CompletableFuture<>();
            open.put(request.requestId(), f);
            seen.add(request.requestId());
            return f;
        }

        CompletableFuture<Generation> awaitRequest(String prefix) {
            await().atMost(Duration.ofSeconds(5)).until(() -> current(prefix) != null);
            return current(prefix);
        }

        void answer(String prefix) {
            awaitRequest(prefix);
            CompletableFuture<Generation> f = open.remove(key(prefix));
            f.complete(generation("Rating: [[7]]"));
        }

        /** Fails the {@code nth} request of {@code prefix} (waiting for the retry to be sent). */
        void fail(String prefix, Kind kind, int nth) {
            await().atMost(Duration.ofSeconds(5)).until(() -> requestsFor(prefix) >= nth && current(prefix) != null);
            open.remove(key(prefix)).completeExceptionally(new JudgeTransportException(kind, "scripted"));
        }

        int requestsFor(String prefix) {
            return (int) seen.stream().filter(id -> id.startsWith(prefix + "#")).count();
        }

        int totalRequests() {
            return seen.size();
        }

        private CompletableFuture<Generation> current(String prefix) {
            String k = key(prefix);
            return k == null ? null : open.get(k);
        }

        /** The newest request of {@code prefix} that is still unanswered. */
        private String key(String prefix) {
            for (int i = seen.size() - 1; i >= 0; i--) {
                String id = seen.get(i);
                CompletableFuture<Generation> f = open.get(id);
                if (id.startsWith(prefix + "#") && f != null && !f.isDone()) return id;
            }
            return null;
        }

        @Override
        public void close() {}
    }

    private static final class RecordingMetrics implements EngineMetrics {
        int pending;
        int active;
        final List<Kind> retried = new CopyOnWriteArrayList<>();
        final List<Kind> gaveUp = new CopyOnWriteArrayList<>();
        final List<String> withdrawn = new CopyOnWriteArrayList<>();

        @Override public void accepted() {}
        @Override public void pendingDelta(int delta) { pending += delta; }
        @Override public void activeDelta(int delta) { active += delta; }
        @Override public void retried(Kind kind) { retried.add(kind); }
        @Override public void gaveUp(Kind kind) { gaveUp.add(kind); }
        @Override public void withdrawn(String flag) { withdrawn.add(flag); }
    }
}
