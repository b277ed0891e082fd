package dev.arbiter.judge;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A hash of a string that every JVM and every release computes alike, for decisions that must be
 * the same wherever and whenever they are replayed: which order a RANDOM_ONE pair is shown in,
 * which groups a consistency probe samples. FNV-1a over the UTF-8 bytes, then the SplitMix64
 * finaliser, so every output bit depends on every byte and near-identical keys spread evenly
 * (relying on {@code String.hashCode} would tie the decisions to one implementation detail).
 */
public final class StableHash {

    private StableHash() {}

    /** The 64-bit hash of {@code key}. */
    public static long of(String key) {
        Objects.requireNonNull(key, "key");
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** The hash as a number uniformly spread over [0, 1): {@code unit(key) < rate} samples a share {@code rate} of keys. */
    public static double unit(String key) {
        return (of(key) >>> 11) * 0x1.0p-53;
    }
}
