package dev.arbiter.judge.template;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A versioned judge prompt template: an optional system message and a user message with
 * {@code {name}} placeholders. Substitution is a single left-to-right pass, so a response that
 * itself contains text like {@code {reference}} is inserted verbatim and never re-expanded
 * (a policy must not be able to smuggle template fields into the judge prompt). Names may carry
 * digits after the first character because pairwise templates number their positions
 * ({@code {response_1}}, {@code {response_2}}).
 *
 * @param id      template family, e.g. {@code autoj-single}
 * @param version version string that goes into every output record
 * @param system  system message, if the template has one
 * @param user    user message with placeholders
 */
public record PromptTemplate(String id, String version, Optional<String> system, String user) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_][a-z0-9_]*)}");

    public PromptTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        system = system == null ? Optional.empty() : system;
        Objects.requireNonNull(user, "user");
    }

    /** The placeholder names the user message uses. */
    public Set<String> placeholders() {
        Matcher m = PLACEHOLDER.matcher(user);
        LinkedHashSet<String> names = new LinkedHashSet<>();
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** Fills the user message; every placeholder must have a value. */
    public String renderUser(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(user);
        StringBuilder out = new StringBuilder(user.length() + 256);
        int last = 0;
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template " + id + " v" + version + " needs {" + m.group(1) + "}");
            }
            out.append(user, last, m.start()).append(value);
            last = m.end();
        }
        return out.append(user, last, user.length()).toString();
    }
}
