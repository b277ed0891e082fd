package dev.arbiter.triton.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

    @Test
    void bytesElementsArePrefixedWithLittleEndianLength() {
        ByteString raw = TensorCodec.encodeStrings(List.of("hi", ""));

        assertThat(raw.toByteArray()).containsExactly(2, 0, 0, 0, 'h', 'i', 0, 0, 0, 0);
    }

    @Test
    void lengthPrefixCountsUtf8BytesNotCharacters() {
        ByteString raw = TensorCodec.encodeString("é✓");

        assertThat(raw.toByteArray()).startsWith(5, 0, 0, 0);
        assertThat(TensorCodec.decodeStrings(raw)).containsExactly("é✓");
    }

    @Test
    void longElementUsesAllFourLengthBytes() {
        String big = "x".repeat(70_000);
        ByteString raw = TensorCodec.encodeString(big);

        assertThat(raw.toByteArray()).startsWith((byte) 0x70, (byte) 0x11, (byte) 0x01, (byte) 0x00);
        assertThat(TensorCodec.decodeStrings(raw)).containsExactly(big);
    }

    @Test
    void severalStringsRoundTrip() {
        List<String> elements = List.of("Rating: [[7]]", "", "line\nbreak");

        assertThat(TensorCodec.decodeStrings(TensorCodec.encodeStrings(elements))).isEqualTo(elements);
    }

    @Test
    void truncatedLengthPrefixIsRejected() {
        assertThatThrownBy(() -> TensorCodec.decodeBytes(ByteString.copyFrom(new byte[] {1, 0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void lengthBeyondTheBufferIsRejected() {
        ByteString raw = ByteString.copyFrom(new byte[] {9, 0, 0, 0, 'a'});

        assertThatThrownBy(() -> TensorCodec.decodeBytes(raw))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    }

    @Test
    void boolsAreOneBytePerElement() {
        ByteString raw = TensorCodec.encodeBools(true, false, true);

        assertThat(raw.toByteArray()).containsExactly(1, 0, 1);
        assertThat(TensorCodec.decodeBools(raw)).containsExactly(true, false, true);
    }

    @Test
    void unsignedThirtyTwoBitIntegersDecodeLittleEndianWithoutSign() {
        ByteString raw = ByteString.copyFrom(new byte[] {42, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});

        assertThat(TensorCodec.decodeIntegers("UINT32", raw)).containsExactly(42L, 4_294_967_295L);
        assertThat(TensorCodec.decodeIntegers("INT32", raw)).containsExactly(42L, -1L);
    }

    @Test
    void integerContentsOfTheWrongSizeAreRejected() {
        assertThatThrownBy(() -> TensorCodec.decodeIntegers("INT64", ByteString.copyFrom(new byte[4])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TensorCodec.decodeIntegers("FP32", ByteString.copyFrom(new byte[4])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void int64AndFp32ElementsRoundTripLittleEndian() {
        ByteString ints = TensorCodec.encodeInt64s(new long[] {1, -2, Long.MAX_VALUE});
        assertThat(ints.byteAt(0)).isEqualTo((byte) 1);
        assertThat(TensorCodec.decodeIntegers("INT64", ints)).containsExactly(1, -2, Long.MAX_VALUE);
        ByteString floats = TensorCodec.encodeFloats(new float[] {0.5f, -1.25f});
        assertThat(floats.size()).isEqualTo(8);
        assertThat(TensorCodec.decodeFloats(floats)).containsExactly(0.5f, -1.25f);
        assertThatThrownBy(() -> TensorCodec.decodeFloats(ByteString.copyFrom(new byte[5])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
