package dev.arbiter.streams.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.registry.serde.AvroDecodeException;
import dev.arbiter.registry.serde.DecodeFailure;
import dev.arbiter.schema.DeadLetterReason;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class RegistryRecordDecoderTest {

    private static RegistryRecordDecoder<String> failingWith(DecodeFailure failure) {
        Deserializer<String> d = (topic, bytes) -> {
            throw new AvroDecodeException(failure, "cannot decode: " + failure, null);
        };
        return new RegistryRecordDecoder<>(d);
    }

    @Test
    void aDecodedValueIsOk() {
        RegistryRecordDecoder<String> decoder = new RegistryRecordDecoder<>((topic, bytes) -> "value of " + topic);
        assertThat(decoder.decode("t", new byte[] {0, 0, 0, 0, 1, 2}))
                .isEqualTo(new RecordDecoder.Decoded.Ok<>("value of t"));
    }

    @Test
    void aTombstoneIsRejectedAsNullValue() {
        RegistryRecordDecoder<String> decoder = new RegistryRecordDecoder<>((topic, bytes) -> "never called");
        assertThat(decoder.decode("t", null)).isInstanceOfSatisfying(RecordDecoder.Decoded.Bad.class,
                bad -> assertThat(bad.rejection().reason()).isEqualTo(DeadLetterReason.NULL_VALUE));
    }

    @Test
    void everyFailureThatBlamesTheRecordBecomesTheDeadLetterReasonOfTheSameName() {
        Arrays.stream(DecodeFailure.values()).filter(DecodeFailure::blamesRecord).forEach(failure ->
                assertThat(failingWith(failure).decode("t", new byte[] {1}))
                        .as(failure.name())
                        .isInstanceOfSatisfying(RecordDecoder.Decoded.Bad.class, bad -> {
                            assertThat(bad.rejection().reason().name()).isEqualTo(failure.name());
                            assertThat(bad.rejection().message()).contains(failure.name());
                        }));
    }

    @Test
    void anUnreachableRegistryIsRethrownSoTheRecordIsProcessedAgainNotDeadLettered() {
        assertThatThrownBy(() -> failingWith(DecodeFailure.REGISTRY_UNAVAILABLE).decode("t", new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOfSatisfying(AvroDecodeException.class,
                        e -> assertThat(e.failure()).isEqualTo(DecodeFailure.REGISTRY_UNAVAILABLE));
    }
}
