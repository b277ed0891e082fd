package dev.arbiter.kafka.embedded;

import dev.arbiter.kafka.admin.ServingPartitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller roles in one node) running inside
 * this JVM, built from the Maven Central Kafka artifacts so that tests and the local default of the
 * app need neither Docker nor a Kafka installation.
 *
 * <p>Lifecycle: {@link #start()} formats the log directory if it is new and returns once the broker
 * serves; {@link #stop()} shuts it down and waits; the same instance can be started again and keeps
 * its ports and directory, so clients holding {@link #bootstrapServers()} reconnect to the restarted
 * broker. {@link #close()} stops it and deletes the log directory if the broker created it. Broker
 * threads are not daemons, so a JVM-shutdown hook stops a running broker that nobody closed.
 *
 * <p>A fatal broker fault halts the whole JVM (Kafka's fault handlers call {@code Exit.halt});
 * tests that crash things on purpose should run the broker or the app as a child process
 * (see {@link EmbeddedKafkaMain}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafkaConfig config;

    // Resolved on the first start and kept across restarts (same address, same data).
    private Path logDir;
    private boolean ownsLogDir;
    private int port;
    private int controllerPort;

    private KafkaRaftServer server;
    private Thread shutdownHook;
    private volatile boolean ready;

    public EmbeddedKafkaBroker(EmbeddedKafkaConfig config) {
        this.config = config;
    }

    /** A broker with {@link EmbeddedKafkaConfig#defaults()}. */
    public EmbeddedKafkaBroker() {
        this(EmbeddedKafkaConfig.defaults());
    }

    /**
     * Starts the broker and returns when it serves clients. Formats the log directory only if it has
     * no {@code meta.properties} yet. Starting a running broker is an error.
     *
     * @return this broker, for chaining
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("broker already running at " + bootstrapServers());
        }
        resolveDirectoryAndPorts();
        long begin = System.nanoTime();
        try {
            boolean formatted = KraftStorage.formatIfNeeded(logDir);
            Properties props = SingleNodeBrokerProperties.of(config, logDir, port, controllerPort);
            KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            try {
                raftServer.startup();
            } catch (RuntimeException e) {
                // A half-started server keeps non-daemon threads alive; release them before failing.
                raftServer.shutdown();
                raftServer.awaitShutdown();
                throw e;
            }
            server = raftServer;
            shutdownHook = new Thread(this::stopFromShutdownHook, "embedded-kafka-shutdown-" + port);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            ready = true;
            LOG.info("Kafka broker serving at {} (log dir {}, {}formatted) in {} ms", bootstrapServers(), logDir,
                    formatted ? "" : "already ", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker failed to start on " + EmbeddedKafkaConfig.HOST + ":" + port
                    + " (controller " + controllerPort + ", log dir " + logDir + ")", e);
        }
    }

    /** Shuts the broker down and waits until its threads are gone. Does nothing if not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        ready = false;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
            removeShutdownHook();
        }
    }

    /** True between a successful {@link #start()} and the next {@link #stop()}. */
    public boolean isReady() {
        return ready;
    }

    /** {@code host:port} of the PLAINTEXT listener; known once the broker has been started. */
    public synchronized String bootstrapServers() {
        requireStartedOnce();
        return EmbeddedKafkaConfig.HOST + ":" + port;
    }

    /** The PLAINTEXT listener port; known once the broker has been started. */
    public synchronized int port() {
        requireStartedOnce();
        return port;
    }

    /** The CONTROLLER listener port; known once the broker has been started. */
    public synchronized int controllerPort() {
        requireStartedOnce();
        return controllerPort;
    }

    /** The data and metadata log directory; known once the broker has been started. */
    public synchronized Path logDir() {
        requireStartedOnce();
        return logDir;
    }

    public EmbeddedKafkaConfig config() {
        return config;
    }

    /** Minimal properties for an {@link Admin} client (or a base for producer/consumer properties). */
    public Properties adminProperties() {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /**
     * Creates the topics (name to partition count, replication factor 1) that do not exist yet, and
     * returns once every partition of every requested topic is served by its leader
     * ({@link ServingPartitions}), so that a producer or Streams app started right after does not race the creation.
     * An existing topic is accepted as it is, whatever its partition count.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        if (partitionsByTopic.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(adminProperties())) {
            List<NewTopic> newTopics = new ArrayList<>();
            partitionsByTopic.forEach((name, partitions) -> newTopics.add(new NewTopic(name, partitions, (short) 1)));
            Map<String, KafkaFuture<Void>> created = admin.createTopics(newTopics).values();
            for (Map.Entry<String, KafkaFuture<Void>> entry : created.entrySet()) {
                try {
                    entry.getValue().get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            ServingPartitions.await(admin, partitionsByTopic.keySet(), TOPIC_READY_TIMEOUT);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot check topics " + partitionsByTopic.keySet(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + partitionsByTopic.keySet(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + partitionsByTopic.keySet(), e);
        }
    }

    /** Stops the broker and deletes the log directory if this broker created it. */
    @Override
    public synchronized void close() {
        stop();
        if (ownsLogDir && logDir != null) {
            deleteRecursively(logDir);
        }
    }

    private void resolveDirectoryAndPorts() {
        if (logDir != null) {
            return;
        }
        try {
            if (config.logDir().isPresent()) {
                logDir = config.logDir().get();
            } else {
                logDir = Files.createTempDirectory("arbiter-kafka-");
                ownsLogDir = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary log dir", e);
        }
        List<Integer> free = LoopbackPorts.pickFree(2);
        port = config.port() != 0 ? config.port() : firstDifferentFrom(free, config.controllerPort());
        controllerPort = config.controllerPort() != 0 ? config.controllerPort() : firstDifferentFrom(free, port);
    }

    private static int firstDifferentFrom(List<Integer> candidates, int taken) {
        return candidates.stream().filter(p -> p != taken).findFirst().orElseThrow();
    }

    private void requireStartedOnce() {
        if (logDir == null) {
            throw new IllegalStateException("broker has not been started");
        }
    }

    private void stopFromShutdownHook() {
        shutdownHook = null; // the JVM is already running it; it cannot be removed any more
        close();
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // the hook runs anyway and finds the broker stopped
        }
        shutdownHook = null;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }
}
