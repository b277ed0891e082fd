package dev.arbiter.app.runtime;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;

/** Waits, bounded, for the service's Kafka Streams to reach RUNNING; fails fast on ERROR. */
public final class StateAwaiter {

    private final ArbiterService service;

    public StateAwaiter(ArbiterService service) {
        this.service = service;
    }

    public void awaitRunning() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!service.isRunning()) {
            KafkaStreams.State s = service.state();
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("kafka streams stopped in state " + s);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("kafka streams not running after 3 minutes (state " + s + ")");
            }
            Thread.sleep(50);
        }
    }
}
