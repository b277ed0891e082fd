package dev.arbiter.app.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How one configuration key's text becomes a typed value: the parser (which also validates), the
 * expectation an error message states when the text is not acceptable ("must be a positive
 * integer"), and how a value is printed back for the effective-configuration log. The factories
 * are in {@link ValueTypes}.
 *
 * @param expectation completes "KEY …, got 'VALUE'" when parsing fails
 * @param parser      the typed value, or empty when the text is not acceptable
 * @param printer     the value as the effective configuration shows it (masking what must not be shown)
 * @param <T> the value's type
 */
public record ValueType<T>(String expectation, Function<String, Optional<T>> parser, Function<T, String> printer) {

    public ValueType {
        Objects.requireNonNull(expectation);
        Objects.requireNonNull(parser);
        Objects.requireNonNull(printer);
    }

    Optional<T> parse(String text) {
        return parser.apply(text);
    }

    String print(T value) {
        return printer.apply(value);
    }
}
