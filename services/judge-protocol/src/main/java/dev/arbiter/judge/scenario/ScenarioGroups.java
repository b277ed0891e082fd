package dev.arbiter.judge.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Auto-J's 58 scenarios and the 8 groups its leaderboard reports them in (data from GAIR-NLP's
 * auto-j repository, {@code codes/leaderboard/utils_constants.py}; the bundled resource names its
 * source). Judge-health measures are broken down by group, so the tag has a small, fixed set of
 * values: a scenario the table does not know, or a candidate without one, is {@link #UNKNOWN},
 * never its raw text (a policy could otherwise mint a new time series per request).
 */
public final class ScenarioGroups {

    /** The group of a missing or unrecognised scenario. */
    public static final String UNKNOWN = "unknown";

    private static final String RESOURCE = "scenarios/autoj-scenarios.json";

    private final Map<String, String> scenarioToGroup;

    private ScenarioGroups(Map<String, String> scenarioToGroup) {
        this.scenarioToGroup = Map.copyOf(scenarioToGroup);
    }

    /** The bundled Auto-J table. */
    public static ScenarioGroups autoJ() {
        try (InputStream in = ScenarioGroups.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("classpath resource " + RESOURCE + " is missing: broken build");
            JsonNode table = new ObjectMapper().readTree(in).get("scenario_to_group");
            Map<String, String> map = new HashMap<>();
            table.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
            return new ScenarioGroups(map);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The group of {@code scenario} as a tag value (lower case, spaces as underscores), or {@link #UNKNOWN}. */
    public String groupOf(Optional<String> scenario) {
        return scenario.map(s -> scenarioToGroup.get(s.trim().toLowerCase(Locale.ROOT)))
                .map(g -> g.toLowerCase(Locale.ROOT).replace(' ', '_'))
                .orElse(UNKNOWN);
    }

    /** How many scenarios the table knows. */
    public int size() {
        return scenarioToGroup.size();
    }
}
