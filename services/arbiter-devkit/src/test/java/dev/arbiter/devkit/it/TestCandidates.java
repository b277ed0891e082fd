package dev.arbiter.devkit.it;

import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PolicyRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Realistic best-of-N candidate groups and preference pairs for integration tests; ids are unique per test run. */
public final class TestCandidates {

    private static final String[] QUESTIONS = {
        "Explain why the sky is blue in two sentences.",
        "Write a Python function that reverses a linked list.",
        "What are the main causes of inflation?",
        "Summarise the plot of Hamlet in one paragraph.",
        "How does TCP slow start work?",
    };

    private TestCandidates() {}

    /** {@code prompts} groups of {@code perPrompt} candidates, answers of varying quality. */
    public static List<CandidateGeneration> groups(String runId, int prompts, int perPrompt) {
        List<CandidateGeneration> out = new ArrayList<>();
        for (int p = 0; p < prompts; p++) {
            String question = QUESTIONS[p % QUESTIONS.length];
            for (int i = 0; i < perPrompt; i++) {
                out.add(candidate(runId + "-c-" + p + "-" + i, runId + "-p-" + p, perPrompt, i, question,
                        answer(question, i)).build());
            }
        }
        return out;
    }

    /** {@code n} preference pairs: a careful answer against a weaker one, sides alternating. */
    public static List<PairwiseRequest> pairs(String runId, int n) {
        List<PairwiseRequest> out = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            String question = QUESTIONS[p % QUESTIONS.length];
            String careful = answer(question, 0);
            String weaker = answer(question, 1 + p % 3);
            boolean carefulFirst = p % 2 == 0;
            out.add(PairwiseRequest.newBuilder()
                    .setPairId(runId + "-pair-" + p)
                    .setPromptId(runId + "-pp-" + p)
                    .setPrompt(List.of(new ChatTurn("user", question)))
                    .setResponseA(carefulFirst ? careful : weaker)
                    .setResponseB(carefulFirst ? weaker : careful)
                    .setProducedAt(Instant.now())
                    .setMetadata(Map.of("test", "true"))
                    .build());
        }
        return out;
    }

    public static CandidateGeneration.Builder candidate(String candidateId, String promptId, int groupSize, int index,
                                                        String question, String response) {
        return CandidateGeneration.newBuilder()
                .setCandidateId(candidateId)
                .setPromptId(promptId)
                .setGroupSize(groupSize)
                .setGroupIndex(index)
                .setPolicy(new PolicyRef("policy-7b", "step-" + 100))
                .setPrompt(List.of(new ChatTurn("user", question)))
                .setResponse(response)
                .setReferenceAnswer(null)
                .setScenario(null)
                .setProtocol(JudgeProtocol.DEFAULT)
                .setProducedAt(Instant.now())
                .setMetadata(Map.of("test", "true"));
    }

    private static String answer(String question, int style) {
        String topic = question.toLowerCase().replaceAll("[^a-z ]", "");
        return switch (style % 4) {
            case 0 -> "Here is a careful answer about " + topic + ".\n\n1. First, the key mechanism.\n2. Second, an example.\n"
                    + "3. Finally, the common misconception and why it is wrong.";
            case 1 -> "Short answer: it depends on " + topic + ".";
            case 2 -> "I am not sure.";
            default -> "A detailed explanation of " + topic + " follows. " + "It covers the background, the details and "
                    + "a worked example, and ends with a summary of " + topic + ".";
        };
    }
}
