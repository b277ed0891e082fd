package dev.arbiter.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.registry.serde.ConfluentWireFormat;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.PolicyRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MalformedRecordTest {

    private final CandidateGeneration candidate = CandidateGeneration.newBuilder()
            .setCandidateId("c-1").setPromptId("p-1").setGroupSize(1).setGroupIndex(0)
            .setPolicy(new PolicyRef("demo-policy", "v1")).setPrompt(List.of(new ChatTurn("user", "hi")))
            .setResponse("hello").setProducedAt(Instant.EPOCH).setMetadata(Map.of()).build();
    private final byte[] framed = ConfluentWireFormat.frame(3, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});

    @Test
    void jsonInsteadOfAvroIsTheCandidateAsJsonText() {
        String text = new String(MalformedRecord.JSON_INSTEAD_OF_AVRO.bytes(candidate, framed), StandardCharsets.UTF_8);

        assertThat(text).startsWith("{").contains("\"candidate_id\": \"c-1\"");
    }

    @Test
    void truncatedKeepsTheHeaderAndHalfTheBody() {
        byte[] truncated = MalformedRecord.TRUNCATED_AVRO.bytes(candidate, framed);

        assertThat(truncated).hasSize(5 + 5).startsWith(0, 0, 0, 0, 3, 1, 2, 3, 4, 5);
    }

    @Test
    void unknownSchemaIdKeepsTheBodyAndChangesOnlyTheId() {
        byte[] reframed = MalformedRecord.UNKNOWN_SCHEMA_ID.bytes(candidate, framed);

        assertThat(ConfluentWireFormat.schemaId(reframed)).isEqualTo(MalformedRecord.UNISSUED_SCHEMA_ID);
        assertThat(java.util.Arrays.copyOfRange(reframed, 5, reframed.length))
                .isEqualTo(java.util.Arrays.copyOfRange(framed, 5, framed.length));
    }

    @Test
    void kindsTakeTurns() {
        assertThat(List.of(MalformedRecord.forIndex(0), MalformedRecord.forIndex(1), MalformedRecord.forIndex(2), MalformedRecord.forIndex(3)))
                .containsExactly(MalformedRecord.JSON_INSTEAD_OF_AVRO, MalformedRecord.TRUNCATED_AVRO,
                        MalformedRecord.UNKNOWN_SCHEMA_ID, MalformedRecord.JSON_INSTEAD_OF_AVRO);
    }
}
