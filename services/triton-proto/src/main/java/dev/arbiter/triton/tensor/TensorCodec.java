package dev.arbiter.triton.tensor;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes tensor elements in the KServe v2 / Triton raw binary layout used by
 * {@code raw_input_contents} and {@code raw_output_contents}: BYTES elements are each a 4-byte
 * little-endian length followed by that many bytes, BOOL elements are one byte each (0 or 1), and
 * fixed-width numbers are little-endian. Raw contents are what Triton's own clients send, and
 * what Triton answers with when the request used them, so this is the one place the layout lives.
 */
public final class TensorCodec {

    private TensorCodec() {
    }

    /** Encodes strings as UTF-8 BYTES elements. */
    public static ByteString encodeStrings(List<String> elements) {
        List<byte[]> raw = new ArrayList<>(elements.size());
        for (String element : elements) {
            raw.add(element.getBytes(StandardCharsets.UTF_8));
        }
        return encodeBytes(raw);
    }

    /** Encodes one string as a single UTF-8 BYTES element. */
    public static ByteString encodeString(String element) {
        return encodeStrings(List.of(element));
    }

    /** Encodes arbitrary byte elements, each prefixed by its 4-byte little-endian length. */
    public static ByteString encodeBytes(List<byte[]> elements) {
        int size = 0;
        for (byte[] element : elements) {
            size += 4 + element.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] element : elements) {
            buffer.putInt(element.length);
            buffer.put(element);
        }
        buffer.flip();
        return ByteString.copyFrom(buffer);
    }

    /** Encodes BOOL elements, one byte each. */
    public static ByteString encodeBools(boolean... elements) {
        byte[] raw = new byte[elements.length];
        for (int i = 0; i < elements.length; i++) {
            raw[i] = (byte) (elements[i] ? 1 : 0);
        }
        return ByteString.copyFrom(raw);
    }

    /**
     * Splits raw BYTES contents into elements.
     *
     * @throws IllegalArgumentException if a length prefix is truncated or points past the end
     */
    public static List<ByteString> decodeBytes(ByteString raw) {
        List<ByteString> elements = new ArrayList<>();
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (buffer.remaining() < 4) {
                throw new IllegalArgumentException(
                        "truncated BYTES length prefix: " + buffer.remaining() + " byte(s) left at offset " + buffer.position());
            }
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new IllegalArgumentException("BYTES element length " + Integer.toUnsignedString(length)
                        + " exceeds the " + buffer.remaining() + " byte(s) left at offset " + (buffer.position() - 4));
            }
            int start = buffer.position();
            elements.add(raw.substring(start, start + length));
            buffer.position(start + length);
        }
        return elements;
    }

    /** Splits raw BYTES contents into UTF-8 strings. */
    public static List<String> decodeStrings(ByteString raw) {
        List<ByteString> bytes = decodeBytes(raw);
        List<String> strings = new ArrayList<>(bytes.size());
        for (ByteString element : bytes) {
            strings.add(element.toStringUtf8());
        }
        return strings;
    }

    /** Decodes BOOL elements: any non-zero byte is true. */
    public static boolean[] decodeBools(ByteString raw) {
        boolean[] values = new boolean[raw.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = raw.byteAt(i) != 0;
        }
        return values;
    }

    /**
     * Decodes little-endian integer elements of a KServe integer datatype (INT8..INT64,
     * UINT8..UINT64) into longs; UINT64 values above {@link Long#MAX_VALUE} wrap, which token
     * counts never reach.
     *
     * @throws IllegalArgumentException for a non-integer datatype or a size that is not a
     *                                  multiple of the element width
     */
    public static long[] decodeIntegers(String datatype, ByteString raw) {
        int width = integerWidth(datatype);
        if (raw.size() % width != 0) {
            throw new IllegalArgumentException(
                    datatype + " contents of " + raw.size() + " bytes are not a multiple of " + width);
        }
        boolean unsigned = datatype.startsWith("U");
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[raw.size() / width];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (width) {
                case 1 -> unsigned ? Byte.toUnsignedLong(buffer.get()) : buffer.get();
                case 2 -> unsigned ? Short.toUnsignedLong(buffer.getShort()) : buffer.getShort();
                case 4 -> unsigned ? Integer.toUnsignedLong(buffer.getInt()) : buffer.getInt();
                default -> buffer.getLong();
            };
        }
        return values;
    }

    /** Encodes INT64 elements, little-endian, in the order given (row-major for a matrix). */
    public static ByteString encodeInt64s(long[] elements) {
        ByteBuffer buffer = ByteBuffer.allocate(elements.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(elements);
        return ByteString.copyFrom(buffer);
    }

    /** Encodes FP32 elements, little-endian. */
    public static ByteString encodeFloats(float[] elements) {
        ByteBuffer buffer = ByteBuffer.allocate(elements.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(elements);
        return ByteString.copyFrom(buffer);
    }

    /**
     * Decodes FP32 elements.
     *
     * @throws IllegalArgumentException for a size that is not a multiple of 4
     */
    public static float[] decodeFloats(ByteString raw) {
        if (raw.size() % Float.BYTES != 0) {
            throw new IllegalArgumentException("FP32 contents of " + raw.size() + " bytes are not a multiple of 4");
        }
        float[] values = new float[raw.size() / Float.BYTES];
        raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static int integerWidth(String datatype) {
        return switch (datatype) {
            case "INT8", "UINT8" -> 1;
            case "INT16", "UINT16" -> 2;
            case "INT32", "UINT32" -> 4;
            case "INT64", "UINT64" -> 8;
            default -> throw new IllegalArgumentException("not an integer datatype: " + datatype);
        };
    }
}
