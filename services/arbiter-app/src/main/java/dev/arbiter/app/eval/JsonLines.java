package dev.arbiter.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an evaluation file of JSON lines, one item per line, with a parser per kind of item. A
 * line that is not an item is reported with its number and skipped, so one bad line never stops
 * an evaluation; blank lines are skipped silently; fields a parser does not read are ignored.
 */
public final class JsonLines {

    /** What a file holds: the items, and one problem per line that could not be read. */
    public record Contents<T>(List<T> items, List<String> problems) {}

    /** Makes an item of one line's JSON, or throws {@link IllegalArgumentException} saying what is wrong. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(int line, JsonNode node);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    public static <T> Contents<T> read(Path file, Parser<T> parser) throws IOException {
        List<T> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) continue;
                try {
                    JsonNode node = JSON.readTree(text);
                    if (node == null || !node.isObject()) throw new IllegalArgumentException("not a JSON object");
                    items.add(parser.parse(line, node));
                } catch (IOException | IllegalArgumentException e) {
                    problems.add("line " + line + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
                }
            }
        }
        return new Contents<>(List.copyOf(items), List.copyOf(problems));
    }

    /** A text field, required. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("missing text field \"" + field + "\"");
        return v.asText();
    }

    /** A number field, required. */
    public static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) throw new IllegalArgumentException("missing number field \"" + field + "\"");
        return v.asDouble();
    }
}
