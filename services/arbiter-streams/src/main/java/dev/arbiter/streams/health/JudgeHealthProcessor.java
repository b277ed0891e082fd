package dev.arbiter.streams.health;

import dev.arbiter.schema.JudgeMetricsWindow;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The judge-health stage: every engine branch forwards a {@link JudgeFact} per finished item;
 * this stage reduces it to an {@link Observation}, records it on the {@link JudgeHealthMeters},
 * and counts it in this task's record of the current tumbling wall-clock window (by the fact's
 * timestamp, which is when its item was emitted). A wall-clock punctuation emits every window
 * that has ended to the judge-metrics topic and deletes it from the store.
 *
 * <p>The window records live in a changelogged store and are updated in the transaction that
 * emits the judged items, so under exactly-once each judgement is counted in exactly one emitted
 * record, even across crashes and rebalances, and the store holds only open windows. A fact
 * stamped in a window already emitted (a clock step back) opens a second record for that
 * window: records of one window are partial by design (one per task) and add up.
 */
public final class JudgeHealthProcessor implements Processor<String, JudgeFact, String, JudgeMetricsWindow> {

    private final Observations observations;
    private final JudgeHealthMeters meters;
    private final MetricsWindows windows;
    private final Duration windowSize;
    private final String storeName;
    private final Clock clock;

    private ProcessorContext<String, JudgeMetricsWindow> context;
    private KeyValueStore<String, JudgeMetricsWindow> store;
    private String task;

    public JudgeHealthProcessor(Observations observations, JudgeHealthMeters meters, Duration windowSize, String storeName,
                                Clock clock) {
        this.observations = Objects.requireNonNull(observations);
        this.meters = Objects.requireNonNull(meters);
        this.windowSize = Objects.requireNonNull(windowSize);
        this.windows = new MetricsWindows(windowSize);
        this.storeName = Objects.requireNonNull(storeName);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void init(ProcessorContext<String, JudgeMetricsWindow> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.task = context.taskId().toString();
        // Checked a few times per window, so a window is emitted soon after it ends.
        long every = Math.max(50, Math.min(windowSize.toMillis() / 4, 5_000));
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, ts -> emitEnded(clock.millis()));
    }

    @Override
    public void process(Record<String, JudgeFact> record) {
        Observation o = observations.of(record.value());
        meters.record(o);
        long start = windows.startOf(record.timestamp());
        String key = MetricsWindows.storeKey(start, o.dims());
        JudgeMetricsWindow current = store.get(key);
        store.put(key, MetricsWindows.add(current == null ? windows.empty(start, o.dims(), task) : current, o));
    }

    /** Emits and forgets every window that ended at or before {@code nowMillis}. */
    void emitEnded(long nowMillis) {
        List<KeyValue<String, JudgeMetricsWindow>> ended = new ArrayList<>();
        try (KeyValueIterator<String, JudgeMetricsWindow> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, JudgeMetricsWindow> kv = it.next();
                // Keys begin with the window's start, so the ended windows come first.
                if (kv.value.getWindowEnd().toEpochMilli() > nowMillis) break;
                ended.add(kv);
            }
        }
        for (KeyValue<String, JudgeMetricsWindow> kv : ended) {
            JudgeMetricsWindow closed = MetricsWindows.closed(kv.value);
            context.forward(new Record<>(MetricsWindows.topicKey(closed.getJudge()), closed, nowMillis));
            store.delete(kv.key);
        }
    }
}
