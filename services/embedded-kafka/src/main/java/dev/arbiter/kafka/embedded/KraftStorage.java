package dev.arbiter.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft log directory exactly once. A KRaft node refuses to start on an unformatted
 * directory, and formatting a directory twice fails, so the presence of {@code meta.properties}
 * (written by the formatter) decides: a restart on the same directory keeps its cluster id and data.
 */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);
    static final String META_PROPERTIES = "meta.properties";

    private KraftStorage() {
    }

    /** Formats {@code dir} unless it already holds a formatted node; returns true if it formatted. */
    static boolean formatIfNeeded(Path dir) throws Exception {
        if (Files.exists(dir.resolve(META_PROPERTIES))) {
            return false;
        }
        Files.createDirectories(dir);
        // The formatter reports to a PrintStream (stdout by default); keep stdout clean for
        // EmbeddedKafkaMain's READY line and send the report to the log instead.
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new PrintStream(report, true, StandardCharsets.UTF_8))
                .setNodeId(SingleNodeBrokerProperties.NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .addDirectory(dir.toString())
                .setMetadataLogDirectory(dir.toString())
                .setControllerListenerName(SingleNodeBrokerProperties.CONTROLLER_LISTENER)
                .run();
        LOG.debug("formatted {}: {}", dir, report.toString(StandardCharsets.UTF_8).strip());
        return true;
    }
}
