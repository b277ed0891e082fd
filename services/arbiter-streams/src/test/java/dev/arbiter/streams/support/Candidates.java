package dev.arbiter.streams.support;

import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.PolicyRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds valid candidates for tests; each test changes only what it is about. */
public final class Candidates {
    private Candidates() {}

    public static CandidateGeneration.Builder valid(String candidateId, String promptId) {
        return CandidateGeneration.newBuilder()
                .setCandidateId(candidateId)
                .setPromptId(promptId)
                .setGroupSize(4)
                .setGroupIndex(0)
                .setPolicy(new PolicyRef("policy-7b", "step-100"))
                .setPrompt(List.of(new ChatTurn("user", "Explain why the sky is blue in two sentences.")))
                .setResponse("Sunlight scatters off air molecules; shorter blue wavelengths scatter most, "
                        + "so the sky looks blue from every direction.")
                .setReferenceAnswer(null)
                .setScenario(null)
                .setProtocol(JudgeProtocol.DEFAULT)
                .setProducedAt(Instant.parse("2026-11-24T00:00:00Z"))
                .setMetadata(Map.of("run", "test"));
    }
}
