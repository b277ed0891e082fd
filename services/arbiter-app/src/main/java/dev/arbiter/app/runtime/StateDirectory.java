package dev.arbiter.app.runtime;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.Mode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Kafka Streams keeps its local state. A configured directory is used as it is. An embedded
 * run without one gets a fresh directory of its own (the embedded broker is new every run, so
 * old state could only be stale), which closing removes. An external run without one uses a
 * shared temp directory, with a warning: production sets it on a persistent volume.
 */
final class StateDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateDirectory.class);

    final Path path;
    private final boolean owned;

    private StateDirectory(Path path, boolean owned) {
        this.path = path;
        this.owned = owned;
    }

    static StateDirectory choose(ArbiterConfig config) {
        if (config.kafka().stateDir().isPresent()) return new StateDirectory(config.kafka().stateDir().get(), false);
        if (config.mode() == Mode.EMBEDDED) {
            try {
                return new StateDirectory(Files.createTempDirectory("arbiter-state-"), true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a state directory", e);
            }
        }
        log.warn("arbiter.kafka.state-dir is not set; using the temp directory (set it to a persistent volume in production)");
        return new StateDirectory(Path.of(System.getProperty("java.io.tmpdir"), "arbiter-state"), false);
    }

    /** Removes an owned directory entirely; call after Kafka Streams is closed. */
    @Override
    public void close() {
        if (!owned) return;
        // KafkaStreams.cleanUp() would leave the lock and process-metadata files behind.
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            log.debug("could not remove state directory {}", path, e);
        }
    }
}
