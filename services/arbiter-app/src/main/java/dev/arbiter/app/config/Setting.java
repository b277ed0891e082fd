package dev.arbiter.app.config;

import java.util.Objects;

/**
 * One configuration key, defined once: its name, value type (parser and rule), default, the
 * documentation the key table shows, and whether its value is a secret. The loader, its error
 * messages, the environment-variable name, the printed effective configuration and the table in
 * docs/configuration.md are all derived from this definition ({@link ArbiterSettings} holds them
 * all).
 *
 * @param section      where the key table lists it
 * @param key          the {@code arbiter.*} name
 * @param type         how its text becomes a value
 * @param defaultValue the default as text; empty for a key that is unset unless given
 * @param whenUnset    what an unset key means (docs), for keys without a default
 * @param doc          the key table's description (Markdown)
 * @param secret       a secret's value is never printed
 * @param <T> the value's type
 */
public record Setting<T>(Section section, String key, ValueType<T> type, String defaultValue, String whenUnset,
                         String doc, boolean secret) {

    public Setting {
        Objects.requireNonNull(section);
        Objects.requireNonNull(type);
        Objects.requireNonNull(defaultValue);
        Objects.requireNonNull(whenUnset);
        Objects.requireNonNull(doc);
        if (!key.startsWith(ArbiterSettings.PREFIX)) throw new IllegalArgumentException("not an arbiter key: " + key);
        if (!defaultValue.isEmpty() && type.parse(defaultValue).isEmpty()) {
            throw new IllegalArgumentException(key + ": default '" + defaultValue + "' " + type.expectation());
        }
    }

    /** Whether the key has no default, so its value is optional. */
    public boolean optional() {
        return defaultValue.isEmpty();
    }

    /**
     * The environment variable for the key: upper case, dots and dashes become underscores
     * ({@code arbiter.kafka.bootstrap-servers} → {@code ARBITER_KAFKA_BOOTSTRAP_SERVERS}).
     */
    public String environmentName() {
        return ArbiterSettings.environmentName(key);
    }

    /** Sections of the key table, in order. */
    public enum Section {
        GENERAL(""),
        KAFKA("Kafka"),
        REGISTRY("Schema registry"),
        JUDGE("Judge"),
        PIPELINE("In-flight pipeline"),
        JUDGE_HEALTH("Judge health"),
        BEST_OF_N("Best-of-N"),
        HTTP("Operator HTTP endpoint"),
        DEVSERVER("Embedded dev judge (embedded mode)"),
        DEMO("Demo load");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
