package dev.arbiter.devkit.it;

import dev.arbiter.kafka.embedded.EmbeddedKafkaBroker;
import dev.arbiter.kafka.embedded.EmbeddedKafkaConfig;
import dev.arbiter.registry.dev.ApicurioRegistryProcess;
import dev.arbiter.registry.dev.ApicurioRunnerJar;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real broker (single-node KRaft from Maven artifacts) and the real schema registry
 * (Apicurio, Confluent-compatible API) shared by every integration test in one JVM: started on
 * first use, stopped when the test run ends. Tests isolate themselves by topic and application
 * id, never by restarting these.
 */
public final class SharedInfrastructure implements ParameterResolver {

    /** The running parts; closed by JUnit at the end of the run. */
    public static final class Parts implements ExtensionContext.Store.CloseableResource {
        private final EmbeddedKafkaBroker broker;
        private final ApicurioRegistryProcess registry;

        Parts() {
            broker = new EmbeddedKafkaBroker(EmbeddedKafkaConfig.defaults()).start();
            registry = new ApicurioRegistryProcess(ApicurioRunnerJar.fromProperties(System.getProperties()).path());
            try {
                registry.start();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        }

        public String bootstrapServers() {
            return broker.bootstrapServers();
        }

        public String registryUrl() {
            return registry.ccompatUrl();
        }

        public EmbeddedKafkaBroker broker() {
            return broker;
        }

        @Override
        public void close() {
            try {
                registry.close();
            } finally {
                broker.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        return p.getParameter().getType() == Parts.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        return ctx.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Parts.class, k -> new Parts(), Parts.class);
    }
}
