package dev.arbiter.registry.dev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the Apicurio Registry runner jar (built by services/schema-registry-dev, with its
 * {@code lib/} directory beside it) is. The build passes the path to tests and the app as the
 * system property {@value #PROPERTY}; resolving it here gives one clear error when it is missing.
 */
public record ApicurioRunnerJar(Path path) {

    /** System property naming the runner jar. */
    public static final String PROPERTY = "arbiter.apicurio.jar";

    public ApicurioRunnerJar {
        Objects.requireNonNull(path, "path");
    }

    /** Resolves the jar from {@code properties} (pass {@code System.getProperties()}). */
    public static ApicurioRunnerJar fromProperties(Properties properties) {
        String value = properties.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set; it must name the Apicurio "
                    + "runner jar built by services/schema-registry-dev (mvn -pl services/schema-registry-dev package)");
        }
        Path jar = Path.of(value);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(PROPERTY + "=" + value + " does not exist; build it with "
                    + "mvn -pl services/schema-registry-dev package");
        }
        return new ApicurioRunnerJar(jar);
    }
}
