package dev.arbiter.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class ConfluentWireFormatTest {

    @Test
    void frameWritesMagicByteThenBigEndianIdThenBody() {
        byte[] framed = ConfluentWireFormat.frame(0x01020304, new byte[] {9, 8});

        assertThat(framed).containsExactly(0, 1, 2, 3, 4, 9, 8);
        assertThat(ConfluentWireFormat.header(258)).containsExactly(0, 0, 0, 1, 2);
    }

    @Test
    void schemaIdReadsTheIdBackIncludingLargeIds() {
        assertThat(ConfluentWireFormat.schemaId(ConfluentWireFormat.frame(7, new byte[0]))).isEqualTo(7);
        assertThat(ConfluentWireFormat.schemaId(ConfluentWireFormat.frame(Integer.MAX_VALUE, new byte[] {1})))
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void recordsShorterThanTheHeaderOrWithAnotherMagicByteAreBadMagicByte() {
        AvroDecodeException empty = catchThrowableOfType(AvroDecodeException.class, () -> ConfluentWireFormat.schemaId(new byte[0]));
        AvroDecodeException four = catchThrowableOfType(AvroDecodeException.class,
                () -> ConfluentWireFormat.schemaId(new byte[] {0, 0, 0, 1}));
        AvroDecodeException json = catchThrowableOfType(AvroDecodeException.class,
                () -> ConfluentWireFormat.schemaId("{\"candidate_id\":1}".getBytes()));

        assertThat(empty.failure()).isEqualTo(DecodeFailure.BAD_MAGIC_BYTE);
        assertThat(four.failure()).isEqualTo(DecodeFailure.BAD_MAGIC_BYTE);
        assertThat(json.failure()).isEqualTo(DecodeFailure.BAD_MAGIC_BYTE);
        assertThat(json.getMessage()).contains("0x7b");
    }

    @Test
    void onlyRegistryUnavailabilityIsNotBlamedOnTheRecord() {
        for (DecodeFailure failure : DecodeFailure.values()) {
            assertThat(failure.blamesRecord()).isEqualTo(failure != DecodeFailure.REGISTRY_UNAVAILABLE);
        }
    }
}
