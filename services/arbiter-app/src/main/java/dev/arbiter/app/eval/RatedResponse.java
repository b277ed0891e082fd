package dev.arbiter.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One response with a human rating, for evaluating single-response grading: {@code scenario},
 * {@code prompt}, {@code response} and {@code rating} (any numeric scale: only its correlation
 * with the judge's rating is measured).
 *
 * @param line the 1-based line of the file it was read from
 */
public record RatedResponse(int line, String scenario, String prompt, String response, double rating) {

    public RatedResponse {
        Objects.requireNonNull(scenario);
        Objects.requireNonNull(prompt);
        Objects.requireNonNull(response);
    }

    public static RatedResponse parse(int line, JsonNode node) {
        return new RatedResponse(line, JsonLines.text(node, "scenario"), JsonLines.text(node, "prompt"),
                JsonLines.text(node, "response"), JsonLines.number(node, "rating"));
    }
}
