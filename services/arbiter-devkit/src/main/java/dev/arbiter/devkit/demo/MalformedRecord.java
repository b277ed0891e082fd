package dev.arbiter.devkit.demo;

import dev.arbiter.schema.CandidateGeneration;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The broken inputs the demo mixes in so the dead-letter path shows. Each imitates a real
 * producer mistake and lands in a different dead-letter reason.
 */
public enum MalformedRecord {
    /** The candidate as JSON text: a producer that forgot the Avro serializer (BAD_MAGIC_BYTE). */
    JSON_INSTEAD_OF_AVRO,
    /** A correctly framed record cut off halfway through its Avro body (MALFORMED_AVRO). */
    TRUNCATED_AVRO,
    /** A well-formed body framed with a schema id no registry has issued (UNKNOWN_SCHEMA_ID). */
    UNKNOWN_SCHEMA_ID;

    /** A schema id far above anything a demo registry hands out. */
    static final int UNISSUED_SCHEMA_ID = 0x7ff0_0000;

    /**
     * The malformed bytes for {@code candidate}, derived from its correct Confluent-framed encoding
     * {@code framed} (magic byte, 4-byte schema id, Avro body).
     */
    public byte[] bytes(CandidateGeneration candidate, byte[] framed) {
        return switch (this) {
            case JSON_INSTEAD_OF_AVRO -> candidate.toString().getBytes(StandardCharsets.UTF_8);
            case TRUNCATED_AVRO -> Arrays.copyOf(framed, 5 + Math.max(1, (framed.length - 5) / 2));
            case UNKNOWN_SCHEMA_ID -> {
                byte[] copy = framed.clone();
                ByteBuffer.wrap(copy, 1, 4).putInt(UNISSUED_SCHEMA_ID);
                yield copy;
            }
        };
    }

    /** The kind used for the {@code k}-th malformed record (0-based): the kinds take turns. */
    public static MalformedRecord forIndex(long k) {
        return values()[(int) (k % values().length)];
    }
}
