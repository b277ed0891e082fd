package dev.arbiter.streams.engine;

import java.util.Objects;

/**
 * One record a finished item emits: which child node of the engine it goes to, its key and value.
 * Every output of an item is forwarded in the same transaction that deletes its pending entry.
 */
public record Output(String child, String key, Object value) {
    public Output {
        Objects.requireNonNull(child);
        Objects.requireNonNull(key);
        Objects.requireNonNull(value);
    }
}
