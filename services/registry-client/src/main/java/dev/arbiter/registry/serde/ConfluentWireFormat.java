package dev.arbiter.registry.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format framing around an Avro binary body: one magic byte 0, then the writer
 * schema's registry id as a 4-byte big-endian int, then the body. Only the framing lives here so
 * it can be unit-tested and shared by the serializer and deserializer.
 */
public final class ConfluentWireFormat {

    /** The only framing version Confluent has defined. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {}

    /** Returns {@code body} framed with the header for {@code schemaId}. */
    public static byte[] frame(int schemaId, byte[] body) {
        return ByteBuffer.allocate(HEADER_LENGTH + body.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .put(body)
                .array();
    }

    /** Returns the five header bytes for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /**
     * Reads the schema id from a framed record.
     *
     * @throws AvroDecodeException with {@link DecodeFailure#BAD_MAGIC_BYTE} if the record is shorter
     *     than the header or does not start with the magic byte
     */
    public static int schemaId(byte[] framed) {
        if (framed.length < HEADER_LENGTH) {
            throw new AvroDecodeException(DecodeFailure.BAD_MAGIC_BYTE,
                    framed.length + " bytes is shorter than the 5-byte Confluent header", null);
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new AvroDecodeException(DecodeFailure.BAD_MAGIC_BYTE,
                    String.format("first byte is 0x%02x, not the Confluent magic byte 0x00", framed[0]), null);
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
