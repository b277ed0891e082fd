package dev.arbiter.app.runtime;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.Mode;

/**
 * What the service runs against: the addresses of Kafka, the schema registry and Triton, and
 * whatever has to be stopped when the service stops. In production that is the external
 * infrastructure named in the configuration, with nothing to stop; the development kit supplies
 * an embedded stack (broker, registry, development judge) through the same interface, so the
 * production artifact carries none of it.
 */
public interface Infrastructure extends AutoCloseable {

    Endpoints endpoints();

    @Override
    void close();

    /** Chooses the infrastructure for a configuration. */
    @FunctionalInterface
    interface Factory {
        Infrastructure start(ArbiterConfig config);
    }

    /**
     * The external infrastructure of {@code arbiter.mode=external}. The production artifact has
     * no embedded stack: embedded mode is the development kit's ({@code ./arbiter demo}).
     */
    static Infrastructure external(ArbiterConfig config) {
        if (config.mode() == Mode.EMBEDDED) {
            throw new IllegalArgumentException("arbiter.mode=embedded needs the development kit (./arbiter demo, or "
                    + "arbiter-devkit.jar run); the production service runs with arbiter.mode=external");
        }
        Endpoints endpoints = Endpoints.fromConfig(config);
        return new Infrastructure() {
            @Override
            public Endpoints endpoints() {
                return endpoints;
            }

            @Override
            public void close() {}
        };
    }
}
