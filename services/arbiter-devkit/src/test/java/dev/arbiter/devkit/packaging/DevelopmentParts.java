package dev.arbiter.devkit.packaging;

import java.util.List;

/**
 * What the production artifact and its image must never carry, named once for both checks:
 * the jars of development parts (the Kafka broker and its server modules, the development judge,
 * the registry runner, the devkit itself) and the packages of development code.
 */
final class DevelopmentParts {

    /** File-name prefixes of development jars. */
    static final List<String> JARS = List.of("judge-devserver", "embedded-kafka", "schema-registry-dev", "kafka_2.13",
            "kafka-server-", "kafka-raft", "kafka-metadata", "kafka-storage", "kafka-group-coordinator",
            "kafka-transaction-coordinator", "kafka-share-coordinator", "apicurio", "arbiter-devkit");

    /** Class-path prefixes of development code, in any jar or layer. */
    static final List<String> PACKAGES = List.of("dev/arbiter/devkit/", "dev/arbiter/devserver/",
            "dev/arbiter/kafka/embedded/", "dev/arbiter/registry/dev/", "dev/arbiter/registry/memory/", "kafka/server/");

    private DevelopmentParts() {}

    static boolean isDevelopmentJar(String fileName) {
        return JARS.stream().anyMatch(fileName::startsWith);
    }

    static boolean isDevelopmentClass(String path) {
        return PACKAGES.stream().anyMatch(path::startsWith);
    }
}
