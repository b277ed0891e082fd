package dev.arbiter.devkit.runtime;

import dev.arbiter.app.runtime.Endpoints;
import dev.arbiter.app.runtime.Infrastructure;
import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.DevServerSettings;
import dev.arbiter.app.eval.EvalCommand;
import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.triton.repository.ModelRepository;
import dev.arbiter.devserver.cost.CostModel;
import dev.arbiter.devserver.cost.SimulatorStats;
import dev.arbiter.kafka.embedded.EmbeddedKafkaBroker;
import dev.arbiter.kafka.embedded.EmbeddedKafkaConfig;
import dev.arbiter.registry.dev.ApicurioRegistryProcess;
import dev.arbiter.registry.dev.ApicurioRunnerJar;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The embedded default: a single-node KRaft broker in this JVM, Apicurio Registry as a child
 * JVM (Confluent-compatible API), and the Triton-compatible development judge on a local socket.
 * Everything is real network software on loopback; nothing is mocked. Closing stops all three.
 */
public final class EmbeddedStack implements Infrastructure {

    private static final String DEFAULT_APICURIO_JAR =
            "services/schema-registry-dev/target/schema-registry-dev-0.1.0-SNAPSHOT-runner.jar";

    private final EmbeddedKafkaBroker broker;
    private final ApicurioRegistryProcess registry;
    private final JudgeDevServer judge;

    private EmbeddedStack(EmbeddedKafkaBroker broker, ApicurioRegistryProcess registry, JudgeDevServer judge) {
        this.broker = broker;
        this.registry = registry;
        this.judge = judge;
    }

    public static EmbeddedStack start(ArbiterConfig config, PrintStream out) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            out.println("starting embedded Kafka (KRaft, single node) ...");
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaConfig.defaults()
                    .withDefaultPartitions(config.kafka().topicPartitions())).start();
            started.add(broker);
            out.println("  kafka     " + broker.bootstrapServers());
            out.println("starting schema registry (Apicurio 2.4.2, Confluent-compatible API) ...");
            ApicurioRegistryProcess registry = new ApicurioRegistryProcess(apicurioJar());
            started.add(registry);
            registry.start();
            out.println("  registry  " + registry.ccompatUrl());
            JudgeDevServer judge = new JudgeDevServer(devServerConfig(config.devServer())).start();
            started.add(judge);
            out.println("  judge     " + judge.target() + " (Triton gRPC protocol; development heuristic judge, GPU cost model x"
                    + config.devServer().timeScale() + ")");
            return new EmbeddedStack(broker, registry, judge);
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static Path apicurioJar() {
        Properties props = System.getProperties();
        if (props.getProperty(ApicurioRunnerJar.PROPERTY) != null) return ApicurioRunnerJar.fromProperties(props).path();
        Path local = Path.of(DEFAULT_APICURIO_JAR);
        if (Files.isRegularFile(local)) return local;
        throw new IllegalStateException("the embedded schema registry needs the Apicurio runner jar: build with "
                + "`mvn install` and pass -D" + ApicurioRunnerJar.PROPERTY + "=<path> (./arbiter demo does this)");
    }

    /** The embedded development judge alone, as configured, for commands that need no broker or registry. */
    public static EvalCommand.Judge devJudge(ArbiterConfig config) {
        JudgeDevServer server = new JudgeDevServer(devServerConfig(config.devServer())).start();
        return new EvalCommand.Judge() {
            @Override
            public String target() {
                return server.target();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    static JudgeDevServerConfig devServerConfig(DevServerSettings s) {
        CostModel cost = new CostModel(s.timeScale(), s.prefillTokensPerSecond(), s.decodeStep(),
                s.maxConcurrentSequences(), s.prefixCacheTokens());
        return new JudgeDevServerConfig(s.port(), ModelRepository.bundled(), cost, s.positionBias(), s.seed());
    }

    @Override
    public Endpoints endpoints() {
        return new Endpoints(broker.bootstrapServers(), registry.ccompatUrl(), judge.target());
    }

    public JudgeDevServer judge() {
        return judge;
    }

    /** One line about the judge server's work, for the demo summary. */
    public String judgeSummary() {
        SimulatorStats s = judge.stats();
        return String.format("%d requests, prefix-cache hit ratio %.2f (%d of %d prompt tokens), %d output tokens",
                s.served(), s.prefixHitRatio(), s.cachedTokens(), s.cachedTokens() + s.prefillTokens(), s.outputTokens());
    }

    @Override
    public void close() {
        judge.close();
        registry.close();
        broker.close();
    }
}
