package dev.arbiter.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The value types configuration keys use. Integers may carry {@code _} separators; enum names
 * are case-insensitive and accept {@code -} for {@code _}; durations are whole milliseconds.
 */
public final class ValueTypes {

    private static final Pattern KAFKA_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\s/,\\[\\]]+):(\\d{1,5})");

    private ValueTypes() {}

    public static ValueType<String> text() {
        return new ValueType<>("must not be empty", Optional::of, s -> s);
    }

    public static ValueType<Boolean> bool() {
        return new ValueType<>("must be true or false", s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        }, b -> Boolean.toString(b));
    }

    public static ValueType<Integer> positiveInt() {
        return intIn(1, Integer.MAX_VALUE, "must be a positive integer");
    }

    public static ValueType<Integer> nonNegativeInt() {
        return intIn(0, Integer.MAX_VALUE, "must be a non-negative integer");
    }

    public static ValueType<Integer> intInRange(int min, int max) {
        return intIn(min, max, "must be an integer from " + min + " to " + max);
    }

    public static ValueType<Long> anyLong() {
        return longIn(Long.MIN_VALUE, Long.MAX_VALUE, "must be an integer");
    }

    public static ValueType<Long> nonNegativeLong() {
        return longIn(0, Long.MAX_VALUE, "must be a non-negative integer");
    }

    public static ValueType<Duration> positiveMillis() {
        return millis(1, "must be a positive number of milliseconds");
    }

    public static ValueType<Duration> nonNegativeMillis() {
        return millis(0, "must be a non-negative number of milliseconds");
    }

    public static ValueType<Double> positiveDouble() {
        return doubleWhere(v -> v > 0, "must be a positive number");
    }

    public static ValueType<Double> doubleInRange(double min, double max) {
        return doubleWhere(v -> v >= min && v <= max, "must be a number from " + plain(min) + " to " + plain(max));
    }

    /** One of {@code allowed}, named in any case, {@code -} standing for {@code _}. */
    public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type, Set<E> allowed) {
        String names = Arrays.stream(type.getEnumConstants()).filter(allowed::contains)
                .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        return new ValueType<>("must be one of " + names, s -> Arrays.stream(type.getEnumConstants())
                .filter(allowed::contains)
                .filter(c -> c.name().equalsIgnoreCase(s.replace('-', '_')))
                .findFirst(), e -> e.name().toLowerCase(Locale.ROOT));
    }

    public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        return oneOf(type, EnumSet.allOf(type));
    }

    public static ValueType<Path> path() {
        return new ValueType<>("must be a file system path", s -> {
            try {
                return Optional.of(Path.of(s));
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }, Path::toString);
    }

    public static ValueType<String> kafkaName() {
        return new ValueType<>("must be a legal Kafka name (letters, digits, '.', '_', '-'; at most 249)",
                s -> KAFKA_NAME.matcher(s).matches() && !s.equals(".") && !s.equals("..") ? Optional.of(s) : Optional.empty(),
                s -> s);
    }

    public static ValueType<String> hostPort() {
        return new ValueType<>("must be host:port", s -> isHostPort(s) ? Optional.of(s) : Optional.empty(), s -> s);
    }

    public static ValueType<String> hostPortList() {
        return new ValueType<>("must be a comma-separated list of host:port",
                s -> Arrays.stream(s.split(",")).allMatch(part -> isHostPort(part.trim())) ? Optional.of(s) : Optional.empty(),
                s -> s);
    }

    /** An http(s) URL; printed with any user-info masked, since URLs may carry credentials. */
    public static ValueType<String> httpUrl() {
        return new ValueType<>("must be an http:// or https:// URL", s -> {
            try {
                URI uri = new URI(s);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                        ? Optional.of(s) : Optional.empty();
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }, SecretMask::url);
    }

    private static ValueType<Integer> intIn(int min, int max, String expectation) {
        return new ValueType<>(expectation, s -> parseLong(s).filter(v -> v >= min && v <= max).map(Long::intValue),
                i -> Integer.toString(i));
    }

    private static ValueType<Long> longIn(long min, long max, String expectation) {
        return new ValueType<>(expectation, s -> parseLong(s).filter(v -> v >= min && v <= max), l -> Long.toString(l));
    }

    private static ValueType<Duration> millis(long min, String expectation) {
        return new ValueType<>(expectation, s -> parseLong(s).filter(v -> v >= min).map(Duration::ofMillis),
                d -> Long.toString(d.toMillis()));
    }

    private static ValueType<Double> doubleWhere(DoublePredicate valid, String expectation) {
        return new ValueType<>(expectation, s -> {
            try {
                double v = Double.parseDouble(s);
                return Double.isFinite(v) && valid.test(v) ? Optional.of(v) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }, ValueTypes::plain);
    }

    private static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s.replace("_", "")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isHostPort(String value) {
        var m = HOST_PORT.matcher(value);
        if (!m.matches()) return false;
        int port = Integer.parseInt(m.group(2));
        return port >= 1 && port <= 65_535;
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
