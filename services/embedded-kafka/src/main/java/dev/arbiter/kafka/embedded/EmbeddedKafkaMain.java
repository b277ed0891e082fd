package dev.arbiter.kafka.embedded;

import java.nio.file.Path;

/**
 * Runs an {@link EmbeddedKafkaBroker} as its own JVM, for tests and demos that need the broker in a
 * separate process (for example so that killing the app under test cannot take the broker down,
 * or the other way round). Arguments: {@code --port N} (0 = free port, the default),
 * {@code --controller-port N} (0 = free port), {@code --log-dir DIR} (default: a temporary directory
 * deleted on exit), {@code --partitions N} (default partitions for auto-created topics).
 *
 * <p>When the broker serves, one line {@code READY bootstrap=<host:port>} is printed to stdout and
 * flushed; a parent process waits for it. SIGTERM (or SIGINT) stops the broker cleanly through the
 * broker's JVM shutdown hook; the broker's non-daemon threads keep the JVM alive until then.
 */
public final class EmbeddedKafkaMain {

    private EmbeddedKafkaMain() {
    }

    public static void main(String[] args) {
        BrokerLogLevels.quietBrokerUnlessConfigured();
        EmbeddedKafkaConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: EmbeddedKafkaMain [--port N] [--controller-port N] [--log-dir DIR] [--partitions N]");
            System.exit(2);
            return;
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config);
        try {
            broker.start();
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
            return;
        }
        System.out.println("READY bootstrap=" + broker.bootstrapServers());
        System.out.flush();
    }

    static EmbeddedKafkaConfig parse(String[] args) {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            config = switch (flag) {
                case "--port" -> config.withPort(parseInt(flag, value));
                case "--controller-port" -> config.withControllerPort(parseInt(flag, value));
                case "--log-dir" -> config.withLogDir(Path.of(value));
                case "--partitions" -> config.withDefaultPartitions(parseInt(flag, value));
                default -> throw new IllegalArgumentException("unknown argument " + flag);
            };
        }
        return config;
    }

    private static int parseInt(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, got " + value);
        }
    }
}
