package dev.arbiter.registry.testdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.PolicyRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/** Sample CandidateGeneration records and variants of its schema for evolution tests. */
public final class Candidates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Candidates() {}

    public static CandidateGeneration sample(String candidateId) {
        return CandidateGeneration.newBuilder()
                .setCandidateId(candidateId)
                .setPromptId("prompt-7")
                .setGroupSize(4)
                .setGroupIndex(2)
                .setPolicy(PolicyRef.newBuilder().setModel("llama-2-7b-chat").setVersion("step-1200").build())
                .setPrompt(List.of(
                        ChatTurn.newBuilder().setRole("system").setContent("Be concise.").build(),
                        ChatTurn.newBuilder().setRole("user").setContent("Name a prime above 10.").build()))
                .setResponse("11 is a prime number above 10.")
                .setReferenceAnswer(null)
                .setScenario("exam_question")
                .setProtocol(JudgeProtocol.SINGLE)
                .setProducedAt(Instant.parse("2024-05-01T12:00:00.123Z"))
                .setMetadata(Map.of("worker", "w-3"))
                .build();
    }

    /** CandidateGeneration's schema without the named top-level fields (same record name). */
    public static Schema withoutFields(String... names) {
        return edited(fields -> {
            for (String name : names) {
                for (int i = 0; i < fields.size(); i++) {
                    if (fields.get(i).path("name").asText().equals(name)) {
                        fields.remove(i);
                        break;
                    }
                }
            }
        });
    }

    /** CandidateGeneration's schema with {@code field} (a JSON field declaration) appended. */
    public static Schema withExtraField(String fieldJson) {
        return edited(fields -> {
            try {
                fields.add(JSON.readTree(fieldJson));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** CandidateGeneration's schema with the type of {@code field} replaced by {@code typeJson}. */
    public static Schema withFieldType(String field, String typeJson) {
        return edited(fields -> fields.forEach(f -> {
            if (f.path("name").asText().equals(field)) {
                try {
                    ((ObjectNode) f).set("type", JSON.readTree(typeJson));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }));
    }

    private static Schema edited(Consumer<ArrayNode> edit) {
        try {
            ObjectNode schema = (ObjectNode) JSON.readTree(CandidateGeneration.getClassSchema().toString());
            edit.accept((ArrayNode) schema.get("fields"));
            return new Schema.Parser().parse(JSON.writeValueAsString(schema));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
