package dev.arbiter.app.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The meters the service binds next to the pipeline's own: Kafka Streams' client metrics, the
 * client's state as a number ({@code arbiter.streams.state}: Kafka's own metric for it is a
 * string, which Micrometer does not export), its state restoration ({@link RestoreProgress}), and
 * the JVM's health (heap, GC pauses, threads, CPU, uptime). Binding must happen before the
 * Streams client starts, because Kafka accepts a restore listener only then. Closing unbinds the
 * two that hold resources (the Streams metrics poller and the GC notification listener).
 */
final class ServiceMeters implements AutoCloseable {

    private final KafkaStreamsMetrics streams;
    private final JvmGcMetrics gc;

    private ServiceMeters(KafkaStreamsMetrics streams, JvmGcMetrics gc) {
        this.streams = streams;
        this.gc = gc;
    }

    static ServiceMeters bind(KafkaStreams kafkaStreams, MeterRegistry registry) {
        KafkaStreamsMetrics streams = new KafkaStreamsMetrics(kafkaStreams);
        streams.bindTo(registry);
        StringBuilder states = new StringBuilder("Kafka Streams client state:");
        for (KafkaStreams.State s : KafkaStreams.State.values()) states.append(' ').append(s.ordinal()).append(' ').append(s.name().toLowerCase());
        Gauge.builder("arbiter.streams.state", kafkaStreams, k -> k.state().ordinal()).description(states.toString()).register(registry);
        kafkaStreams.setGlobalStateRestoreListener(new RestoreProgress(registry));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new ServiceMeters(streams, gc);
    }

    @Override
    public void close() {
        streams.close();
        gc.close();
    }
}
