package dev.arbiter.devkit.demo;

import java.util.Objects;

/**
 * One answer of the synthetic policy and the style it was written in; the style travels in the
 * candidate's metadata so the demo can show how the judge ranked each style.
 */
public record SyntheticResponse(ResponseStyle style, String text) {
    public SyntheticResponse {
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) throw new IllegalArgumentException("a synthetic response is never blank");
    }
}
