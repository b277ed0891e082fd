package dev.arbiter.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.judge.StableHash;
import java.util.Objects;

/**
 * One labelled pair of an evaluation file, in Auto-J's pairwise test-set format (GAIR-NLP/auto-j,
 * {@code data/test/testdata_pairwise.jsonl}): the scenario, the human label (0 = the first
 * response is preferred, 1 = the second, 2 = a tie), the prompt and the two responses.
 *
 * @param line the 1-based line of the file it was read from
 */
public record LabelledPair(int line, String scenario, int label, String prompt, String response1, String response2) {

    public LabelledPair {
        Objects.requireNonNull(scenario);
        Objects.requireNonNull(prompt);
        Objects.requireNonNull(response1);
        Objects.requireNonNull(response2);
        if (label < 0 || label > 2) throw new IllegalArgumentException("label must be 0, 1 or 2");
    }

    /** Reads a line with Auto-J's field names ({@code response 1} and {@code response 2} with the space). */
    public static LabelledPair parse(int line, JsonNode node) {
        JsonNode label = node.get("label");
        if (label == null || !label.isIntegralNumber()) throw new IllegalArgumentException("label must be 0, 1 or 2");
        return new LabelledPair(line, JsonLines.text(node, "scenario"), label.intValue(), JsonLines.text(node, "prompt"),
                JsonLines.text(node, "response 1"), JsonLines.text(node, "response 2"));
    }

    /** Identity of the pair's content: a resumed run recognises a finished pair by it, even if lines moved. */
    public String key() {
        return StableHash.digest(scenario, Integer.toString(label), prompt, response1, response2).substring(0, 24);
    }
}
