package dev.arbiter.app.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Raw configuration strings after the sources have been layered, each remembering which source
 * set it, so an error can say where a bad value came from (an environment variable is easy to
 * forget). Mutable only while the loader assembles it.
 */
final class ConfigValues {

    /** A value and a human-readable description of its source. */
    record Entry(String value, String origin) {}

    private final Map<String, Entry> entries = new TreeMap<>();

    /** Sets {@code key}, replacing the value of any lower-precedence source. */
    void put(String key, String value, String origin) {
        entries.put(key, new Entry(value.trim(), origin));
    }

    Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Entries whose key starts with {@code prefix}, keyed by the rest of the key. */
    Map<String, Entry> withPrefix(String prefix) {
        Map<String, Entry> found = new TreeMap<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                found.put(k.substring(prefix.length()), e);
            }
        });
        return found;
    }
}
