package dev.arbiter.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.arbiter.registry.memory.InMemorySchemaRegistry;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.testdata.Candidates;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.DeadLetter;
import dev.arbiter.schema.DeadLetterReason;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Serde behaviour that needs no registry process: the in-memory double and a dead registry. */
class ConfluentAvroSerdeInMemoryTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerde<CandidateGeneration> serde =
            ConfluentAvroSerde.forValues(registry, CandidateGeneration.class);

    @Test
    void theInMemoryRegistryBacksAFullRoundTrip() {
        byte[] framed = serde.serializer().serialize("candidates", Candidates.sample("c-1"));

        assertThat(ConfluentWireFormat.schemaId(framed)).isEqualTo(1);
        assertThat(registry.getLatest("candidates-value").schema()).isEqualTo(CandidateGeneration.getClassSchema());
        assertThat(serde.deserializer().deserialize("candidates", framed)).isEqualTo(Candidates.sample("c-1"));
    }

    @Test
    void otherRecordTypesRoundTripToo() {
        ConfluentAvroSerde<DeadLetter> letters = ConfluentAvroSerde.forValues(registry, DeadLetter.class);
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic("candidates").setSourcePartition(3).setSourceOffset(42L)
                .setOriginalKey(null).setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2}))
                .setReason(DeadLetterReason.BAD_MAGIC_BYTE).setMessage("first byte 0x01")
                .setFailedAt(Instant.parse("2024-05-01T00:00:00Z"))
                .build();

        assertThat(letters.deserializer().deserialize("dlq", letters.serializer().serialize("dlq", letter))).isEqualTo(letter);
    }

    @Test
    void everyRecordBlamingFailureMapsOntoADeadLetterReasonByName() {
        for (DecodeFailure failure : DecodeFailure.values()) {
            if (failure.blamesRecord()) {
                assertThat(DeadLetterReason.valueOf(failure.name())).hasToString(failure.name());
            }
        }
    }

    @Test
    void randomGarbageAfterAValidHeaderIsMalformedAvroNeverAnotherError() {
        serde.serializer().serialize("candidates", Candidates.sample("c-1"));
        Random random = new Random(20240501);
        for (int i = 0; i < 300; i++) {
            byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            byte[] framed = ConfluentWireFormat.frame(1, body);
            try {
                serde.deserializer().deserialize("candidates", framed);
            } catch (AvroDecodeException e) {
                assertThat(e.failure()).as("body %d", i).isEqualTo(DecodeFailure.MALFORMED_AVRO);
            }
        }
    }

    @Test
    void aHugeDeclaredStringLengthIsMalformedAvroRatherThanAnAllocation() {
        serde.serializer().serialize("candidates", Candidates.sample("c-1"));
        // zig-zag varint of 2_000_000_000: candidate_id claims to be a 2 GB string in a 6-byte body
        byte[] body = {(byte) 0x80, (byte) 0xd0, (byte) 0xac, (byte) 0xf3, 0x0e, 'x'};

        AvroDecodeException e = catchThrowableOfType(AvroDecodeException.class,
                () -> serde.deserializer().deserialize("candidates", ConfluentWireFormat.frame(1, body)));

        assertThat(e.failure()).isEqualTo(DecodeFailure.MALFORMED_AVRO);
    }

    @Test
    void aHugeDeclaredArrayLengthIsMalformedAvroRatherThanAnAllocation() {
        serde.serializer().serialize("candidates", Candidates.sample("c-1"));
        // ids "a" and "b", sizes 0, empty policy, then a prompt array claiming 2 billion turns
        byte[] body = {2, 'a', 2, 'b', 0, 0, 0, 0, (byte) 0x80, (byte) 0xd0, (byte) 0xac, (byte) 0xf3, 0x0e, 0};

        AvroDecodeException e = catchThrowableOfType(AvroDecodeException.class,
                () -> serde.deserializer().deserialize("candidates", ConfluentWireFormat.frame(1, body)));

        assertThat(e.failure()).isEqualTo(DecodeFailure.MALFORMED_AVRO);
    }

    @Test
    void anUnreachableRegistryIsRegistryUnavailableNotBadInput() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        ConfluentRestRegistryClient down = new ConfluentRestRegistryClient(
                RegistryClientConfig.of("http://127.0.0.1:" + deadPort).withMaxAttempts(1).withRetryBackoff(Duration.ZERO));
        byte[] framed = serde.serializer().serialize("candidates", Candidates.sample("c-1"));

        AvroDecodeException e = catchThrowableOfType(AvroDecodeException.class,
                () -> new ConfluentAvroDeserializer<>(down, CandidateGeneration.class).deserialize("candidates", framed));

        assertThat(e.failure()).isEqualTo(DecodeFailure.REGISTRY_UNAVAILABLE);
        assertThat(e.failure().blamesRecord()).isFalse();
    }

    @Test
    void resolutionIsDecidedOncePerWriterId() {
        byte[] framed = serde.serializer().serialize("candidates", Candidates.sample("c-1"));
        CountingRegistry counting = new CountingRegistry(registry);
        ConfluentAvroDeserializer<CandidateGeneration> reader = new ConfluentAvroDeserializer<>(counting, CandidateGeneration.class);

        for (int i = 0; i < 10; i++) {
            reader.deserialize("candidates", framed);
        }

        assertThat(counting.getByIdCalls()).isEqualTo(1);
    }
}
