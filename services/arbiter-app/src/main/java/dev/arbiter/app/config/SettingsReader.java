package dev.arbiter.app.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;

/**
 * Reads typed values out of {@link ConfigValues}, collecting every problem instead of stopping at
 * the first. A getter that finds a bad value records a message naming the key, the value and its
 * source, and returns a harmless placeholder so reading can go on; the loader throws once at the
 * end if anything was recorded.
 */
final class SettingsReader {

    private final ConfigValues values;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(ConfigValues values) {
        this.values = values;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    void problem(String message) {
        problems.add(message);
    }

    /** Records a problem about the current value of {@code key}. */
    void invalid(String key, String expectation) {
        ConfigValues.Entry entry = values.get(key).orElse(new ConfigValues.Entry("", ConfigLoader.DEFAULTS_ORIGIN));
        problems.add(key + " " + expectation + ", got '" + entry.value() + "'" + originSuffix(entry));
    }

    boolean isSet(String key) {
        return values.get(key).map(e -> !e.value().isEmpty()).orElse(false);
    }

    String origin(String key) {
        return values.get(key).map(ConfigValues.Entry::origin).orElse(ConfigLoader.DEFAULTS_ORIGIN);
    }

    /** Non-empty values under a pass-through prefix, keyed by the rest of the key. */
    Map<String, String> valuesWithPrefix(String prefix) {
        Map<String, String> found = new TreeMap<>();
        values.withPrefix(prefix).forEach((rest, entry) -> {
            if (!entry.value().isEmpty()) found.put(rest, entry.value());
        });
        return found;
    }

    Optional<String> optionalString(String key) {
        return values.get(key).map(ConfigValues.Entry::value).filter(v -> !v.isEmpty());
    }

    String requiredString(String key) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            problems.add(key + " is required but not set");
            return "";
        }
        return value.get();
    }

    boolean bool(String key) {
        String value = requiredString(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            case "" -> false;
            default -> {
                invalid(key, "must be true or false");
                yield false;
            }
        };
    }

    Optional<Boolean> optionalBool(String key) {
        return isSet(key) ? Optional.of(bool(key)) : Optional.empty();
    }

    int positiveInt(String key) {
        return (int) longInRange(key, 1, Integer.MAX_VALUE, "must be a positive integer");
    }

    int nonNegativeInt(String key) {
        return (int) longInRange(key, 0, Integer.MAX_VALUE, "must be a non-negative integer");
    }

    int intInRange(String key, int min, int max) {
        return (int) longInRange(key, min, max, "must be an integer from " + min + " to " + max);
    }

    long anyLong(String key) {
        return longInRange(key, Long.MIN_VALUE, Long.MAX_VALUE, "must be an integer");
    }

    long nonNegativeLong(String key) {
        return longInRange(key, 0, Long.MAX_VALUE, "must be a non-negative integer");
    }

    Duration positiveMillis(String key) {
        return Duration.ofMillis(longInRange(key, 1, Long.MAX_VALUE, "must be a positive number of milliseconds"));
    }

    Duration nonNegativeMillis(String key) {
        return Duration.ofMillis(longInRange(key, 0, Long.MAX_VALUE, "must be a non-negative number of milliseconds"));
    }

    double positiveDouble(String key) {
        return doubleWhere(key, v -> v > 0, "must be a positive number", 1);
    }

    double doubleInRange(String key, double min, double max) {
        return doubleWhere(key, v -> v >= min && v <= max,
                "must be a number from " + stripZeros(min) + " to " + stripZeros(max), min);
    }

    /** An enum constant named case-insensitively, restricted to {@code allowed}. */
    <E extends Enum<E>> E enumValue(String key, Class<E> type, Set<E> allowed, E placeholder) {
        String value = requiredString(key);
        if (value.isEmpty()) return placeholder;
        for (E constant : type.getEnumConstants()) {
            if (allowed.contains(constant) && constant.name().equalsIgnoreCase(value.replace('-', '_'))) {
                return constant;
            }
        }
        String names = Arrays.stream(type.getEnumConstants())
                .filter(allowed::contains)
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        invalid(key, "must be one of " + names);
        return placeholder;
    }

    Optional<Path> optionalPath(String key) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Path.of(value.get()));
        } catch (InvalidPathException e) {
            invalid(key, "must be a file system path");
            return Optional.empty();
        }
    }

    private long longInRange(String key, long min, long max, String expectation) {
        String value = requiredString(key);
        if (value.isEmpty()) return Math.max(min, 1);
        try {
            long parsed = Long.parseLong(value.replace("_", ""));
            if (parsed < min || parsed > max) {
                invalid(key, expectation);
                return Math.max(min, Math.min(1, max));
            }
            return parsed;
        } catch (NumberFormatException e) {
            invalid(key, expectation);
            return Math.max(min, Math.min(1, max));
        }
    }

    private double doubleWhere(String key, DoublePredicate valid, String expectation, double placeholder) {
        String value = requiredString(key);
        if (value.isEmpty()) return placeholder;
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed) && valid.test(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        invalid(key, expectation);
        return placeholder;
    }

    private static String stripZeros(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String originSuffix(ConfigValues.Entry entry) {
        return ConfigLoader.DEFAULTS_ORIGIN.equals(entry.origin()) ? "" : " (set by " + entry.origin() + ")";
    }
}
