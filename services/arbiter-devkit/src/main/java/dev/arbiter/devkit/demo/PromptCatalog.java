package dev.arbiter.devkit.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's prompt set, read from JSON Lines: one object per line with {@code prompt_id},
 * {@code scenario}, {@code turns} ({@code [{"role","content"}]}) and an optional
 * {@code reference_answer}. Blank lines and lines starting with {@code #} are skipped. A bad line
 * fails loading with its line number, because a silently skipped prompt would only show up as a
 * mysteriously smaller demo.
 */
public final class PromptCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<DemoPrompt> prompts;

    public PromptCatalog(List<DemoPrompt> prompts) {
        if (prompts.isEmpty()) throw new IllegalArgumentException("the prompt set is empty");
        this.prompts = List.copyOf(prompts);
    }

    /** Loads a classpath resource such as {@code demo/prompts.jsonl}. */
    public static PromptCatalog fromClasspath(String resource) {
        InputStream in = PromptCatalog.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) throw new IllegalArgumentException("prompt set " + resource + " is not on the classpath");
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(reader, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt set " + resource, e);
        }
    }

    /**
     * @param source name used in error messages
     * @throws IllegalArgumentException naming the source and line of the first bad line
     */
    public static PromptCatalog parse(Reader reader, String source) throws IOException {
        List<DemoPrompt> prompts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
            DemoPrompt prompt;
            try {
                prompt = prompt(JSON.readTree(trimmed));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(source + " line " + number + ": not valid JSON: " + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + number + ": " + e.getMessage());
            }
            if (!ids.add(prompt.promptId())) {
                throw new IllegalArgumentException(source + " line " + number + ": duplicate prompt_id " + prompt.promptId());
            }
            prompts.add(prompt);
        }
        return new PromptCatalog(prompts);
    }

    private static DemoPrompt prompt(JsonNode node) {
        if (!node.isObject()) throw new IllegalArgumentException("expected a JSON object");
        String id = text(node, "prompt_id");
        String scenario = text(node, "scenario");
        JsonNode turnsNode = node.get("turns");
        if (turnsNode == null || !turnsNode.isArray() || turnsNode.isEmpty()) {
            throw new IllegalArgumentException("turns must be a non-empty array");
        }
        List<DemoPrompt.Turn> turns = new ArrayList<>();
        for (JsonNode turn : turnsNode) {
            turns.add(new DemoPrompt.Turn(text(turn, "role"), text(turn, "content")));
        }
        JsonNode reference = node.get("reference_answer");
        Optional<String> referenceAnswer = reference == null || reference.isNull()
                ? Optional.empty() : Optional.of(reference.asText());
        return new DemoPrompt(id, scenario, turns, referenceAnswer);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string");
        }
        return value.asText();
    }

    public List<DemoPrompt> prompts() {
        return prompts;
    }

    public int size() {
        return prompts.size();
    }
}
