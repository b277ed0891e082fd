package dev.arbiter.kafka.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logger names under which Kafka's broker writes, and the slf4j-simple system properties that
 * put them at WARN. At INFO a broker start prints a few hundred lines of configuration dumps, which
 * bury the lines a developer wants. Kafka 4.x logs through slf4j-api only; these properties matter
 * when slf4j-simple is the binding (as in the app and in tests). slf4j-simple reads them once, when
 * the first logger is created, so they must be set before anything logs; another backend ignores
 * them and needs its own configuration for the same logger names.
 */
public final class BrokerLogLevels {

    /** Logger name prefixes used by the broker, controller and their coordinators. */
    public static final List<String> BROKER_LOGGERS =
            List.of("kafka", "org.apache.kafka", "state.change.logger");

    private BrokerLogLevels() {
    }

    /** {@code org.slf4j.simpleLogger.log.<name> = warn} for each broker logger name. */
    public static Map<String, String> simpleLoggerWarnProperties() {
        LinkedHashMap<String, String> props = new LinkedHashMap<>();
        for (String name : BROKER_LOGGERS) {
            props.put("org.slf4j.simpleLogger.log." + name, "warn");
        }
        return Map.copyOf(props);
    }

    /**
     * Sets the slf4j-simple WARN properties as JVM system properties unless the user already set
     * them on the command line. Meant for the first line of a {@code main} method.
     */
    public static void quietBrokerUnlessConfigured() {
        simpleLoggerWarnProperties().forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }
}
