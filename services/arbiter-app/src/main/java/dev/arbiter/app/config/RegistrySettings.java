package dev.arbiter.app.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Confluent-compatible schema registry is and how Arbiter uses it.
 *
 * @param url            base URL of the Confluent REST API (required in EXTERNAL mode; in
 *                       EMBEDDED mode the embedded registry's URL is used)
 * @param autoRegister   register writer schemas on first use; production deployments that
 *                       manage schemas in CI turn this off so an unreviewed change fails loudly
 * @param requestTimeout timeout of one registry HTTP request
 */
public record RegistrySettings(Optional<String> url, boolean autoRegister, Duration requestTimeout) {
    public RegistrySettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }
}
