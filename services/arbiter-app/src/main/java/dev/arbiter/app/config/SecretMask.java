package dev.arbiter.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Hides secrets when configuration is printed: values of properties whose name says they hold a
 * credential, and the user-info part of URLs. The start-up log is often shipped to places with
 * wider access than the secret store.
 */
final class SecretMask {

    static final String MASK = "******";
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(password|secret|jaas|token|credential|private|api[._-]?key|ssl\\.key).*");

    private SecretMask() {}

    static boolean isSecretName(String propertyName) {
        return SECRET_NAME.matcher(propertyName).matches();
    }

    /** The value to print for property {@code name}. */
    static String property(String name, String value) {
        return isSecretName(name) ? MASK : value;
    }

    /** {@code https://user:pass@host/} → {@code https://******@host/}; other values unchanged. */
    static String url(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getRawUserInfo() == null) return value;
            return value.replace(uri.getRawUserInfo() + "@", MASK + "@");
        } catch (URISyntaxException e) {
            return value;
        }
    }
}
