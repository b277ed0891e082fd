package dev.arbiter.judge;

import java.util.Objects;

/**
 * A judge prompt ready to send, with what the reward record needs to know about it: whether
 * it had to be cut to fit the judge's context window, its (estimated or counted) token
 * length, and the template identity and version that produced it.
 */
public record RenderedPrompt(String text, boolean truncated, int promptTokens, String templateId, String templateVersion) {
    public RenderedPrompt {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(templateVersion, "templateVersion");
    }
}
