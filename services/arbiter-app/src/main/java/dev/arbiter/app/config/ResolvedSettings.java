package dev.arbiter.app.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The typed value of every {@link ArbiterSettings setting}, parsed from the layered sources, with
 * every problem found. A key whose text is not acceptable has no value at all (never a
 * placeholder): rules that span several keys run only on keys that parsed, and the loader throws
 * before building anything from a configuration with problems.
 */
final class ResolvedSettings {

    static final String UNSET = "(unset)";

    private final ConfigValues values;
    private final Map<String, Object> typed = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ResolvedSettings(ConfigValues values) {
        this.values = values;
    }

    static ResolvedSettings parse(ConfigValues values) {
        ResolvedSettings resolved = new ResolvedSettings(values);
        for (Setting<?> s : ArbiterSettings.ALL) resolved.parseOne(s);
        return resolved;
    }

    private <T> void parseOne(Setting<T> s) {
        String raw = raw(s);
        if (raw.isEmpty()) {
            if (!s.optional()) problems.add(s.key() + " is required but not set");
            return;
        }
        Optional<T> value = s.type().parse(raw);
        if (value.isPresent()) typed.put(s.key(), value.get());
        else invalid(s, s.type().expectation());
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    void problem(String message) {
        problems.add(message);
    }

    /** Records a problem about the current value of {@code s}, naming where it came from. */
    void invalid(Setting<?> s, String expectation) {
        ConfigValues.Entry entry = values.get(s.key()).orElse(new ConfigValues.Entry("", ConfigLoader.DEFAULTS_ORIGIN));
        String origin = ConfigLoader.DEFAULTS_ORIGIN.equals(entry.origin()) ? "" : " (set by " + entry.origin() + ")";
        problems.add(s.key() + " " + expectation + ", got '" + entry.value() + "'" + origin);
    }

    /** Whether the key has any text, valid or not. */
    boolean isSet(Setting<?> s) {
        return !raw(s).isEmpty();
    }

    /** The value, when the key is set and valid. */
    @SuppressWarnings("unchecked")
    <T> Optional<T> value(Setting<T> s) {
        return Optional.ofNullable((T) typed.get(s.key()));
    }

    /** The value of a key that has one: only for a configuration without problems. */
    <T> T get(Setting<T> s) {
        return value(s).orElseThrow(() -> new IllegalStateException(s.key() + " has no valid value"));
    }

    /** Non-empty values under a pass-through prefix, keyed by the rest of the key. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> found = new TreeMap<>();
        values.withPrefix(prefix).forEach((rest, entry) -> {
            if (!entry.value().isEmpty()) found.put(rest, entry.value());
        });
        return found;
    }

    /**
     * Every key with its printable value, in table order, pass-through keys after their
     * section: secrets and credential-named Kafka properties masked, unset keys {@value #UNSET}
     * with what being unset means (a mode-dependent default, the profile's model).
     */
    Map<String, String> effective() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting<?> s : ArbiterSettings.ALL) out.put(s.key(), printable(s));
        for (String prefix : ArbiterSettings.PASS_THROUGH_PREFIXES) {
            withPrefix(prefix).forEach((property, value) -> out.put(prefix + property, SecretMask.property(property, value)));
        }
        return out;
    }

    private <T> String printable(Setting<T> s) {
        Optional<T> value = value(s);
        if (value.isEmpty()) return UNSET + " (" + s.whenUnset() + ")";
        return s.secret() ? SecretMask.MASK : s.type().print(value.get());
    }

    private String raw(Setting<?> s) {
        return values.get(s.key()).map(ConfigValues.Entry::value).orElse("");
    }
}
