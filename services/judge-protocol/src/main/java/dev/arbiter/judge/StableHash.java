package dev.arbiter.judge;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Hashes of strings that every JVM and every release computes alike, for decisions that must be
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

    /**
     * A SHA-256 digest of several strings, hex-encoded, each part length-prefixed so that no two
     * different lists of parts give the same input: an identity for long texts (two responses are
     * the same exactly when their digests are, short of a SHA-256 collision).
     */
    public static String digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The hash as a number uniformly spread over [0, 1): {@code unit(key) < rate} samples a share {@code rate} of keys. */
    public static double unit(String key) {
        return (of(key) >>> 11) * 0x1.0p-53;
    }
}
