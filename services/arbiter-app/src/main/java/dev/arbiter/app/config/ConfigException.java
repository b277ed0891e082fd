package dev.arbiter.app.config;

import java.util.List;

/**
 * Configuration could not be turned into an {@link ArbiterConfig}. Carries every problem found,
 * not just the first, so an operator fixes a deployment in one round trip; each problem names
 * the offending key and value.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each naming a key. */
    public List<String> problems() {
        return problems;
    }

    private static String render(List<String> problems) {
        if (problems.size() == 1) {
            return "invalid configuration: " + problems.get(0);
        }
        return "invalid configuration (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems);
    }
}
