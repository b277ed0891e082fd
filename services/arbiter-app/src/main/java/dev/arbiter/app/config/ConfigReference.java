package dev.arbiter.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The key table of docs/configuration.md, generated from the {@link ArbiterSettings}
 * definitions so it cannot drift from what the loader accepts. The table sits between two marker
 * comments; {@code ./arbiter config-docs} rewrites it in place, and a test fails when the
 * committed one is stale.
 */
public final class ConfigReference {

    static final String BEGIN = "<!-- BEGIN generated key table: ./arbiter config-docs rewrites it from ArbiterSettings -->";
    static final String END = "<!-- END generated key table -->";

    private ConfigReference() {}

    /** The table, in Markdown, for the given settings. */
    public static String table(List<Setting<?>> settings) {
        StringBuilder out = new StringBuilder("| key | default | environment variable | meaning |\n|---|---|---|---|\n");
        Setting.Section section = null;
        for (Setting<?> s : settings) {
            if (s.section() != section) {
                section = s.section();
                if (!section.title().isEmpty()) out.append("| **").append(section.title()).append("** | | | |\n");
            }
            String def = s.optional() ? "— (" + s.whenUnset() + ")" : "`" + s.defaultValue() + "`";
            out.append("| `").append(s.key()).append("` | ").append(def).append(" | `").append(s.environmentName())
                    .append("` | ").append(s.doc()).append(s.secret() ? " (secret: never printed)" : "").append(" |\n");
            if (s == ArbiterSettings.TOPIC_PAIRWISE_RESULTS) {
                out.append("| `").append(ArbiterSettings.KAFKA_CLIENT_PREFIX).append("<property>` | — | `ARBITER_KAFKA_CLIENT_<PROPERTY>`")
                        .append(" | pass-through to every Kafka client (e.g. `security.protocol=SASL_SSL`) |\n");
                out.append("| `").append(ArbiterSettings.KAFKA_STREAMS_PREFIX).append("<property>` | — | `ARBITER_KAFKA_STREAMS_<PROPERTY>`")
                        .append(" | pass-through to Kafka Streams only (e.g. `num.standby.replicas=1`) |\n");
            }
        }
        return out.toString();
    }

    /** {@code document} with the text between the markers replaced by the current table. */
    static String rewrite(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) throw new IllegalArgumentException("the key-table markers are missing");
        return document.substring(0, begin + BEGIN.length()) + "\n" + table(ArbiterSettings.ALL) + document.substring(end);
    }

    /** Rewrites the key table of the Markdown file given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: ConfigReference docs/configuration.md");
        Path file = Path.of(args[0]);
        Files.writeString(file, rewrite(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        System.out.println("rewrote the key table of " + file);
    }
}
