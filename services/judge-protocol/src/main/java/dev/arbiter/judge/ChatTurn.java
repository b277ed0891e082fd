package dev.arbiter.judge;

import java.util.Objects;

/**
 * One turn of the conversation a policy answered, as the judge protocols see it. Kept free of
 * the Avro classes so the protocol library stays usable outside the streams app.
 *
 * @param role    "user", "assistant" or "system"
 * @param content the turn's text
 */
public record ChatTurn(String role, String content) {
    public ChatTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public boolean isUser() {
        return role.equalsIgnoreCase("user");
    }
}
