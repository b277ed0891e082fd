package dev.arbiter.app.runtime;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.JudgeSettings;
import dev.arbiter.app.config.KafkaSettings;
import dev.arbiter.app.http.HealthCheck;
import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.profile.JudgeProfiles;
import dev.arbiter.registry.CompatibilityLevel;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.streams.ArbiterTopology;
import dev.arbiter.streams.StreamsProperties;
import dev.arbiter.streams.metrics.PipelineMetrics;
import dev.arbiter.streams.topics.TopicNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running reward service: connects to the registry, the judge and Kafka, provisions the
 * topics it owns, and runs the Kafka Streams topology. It is the same in embedded and external
 * mode; only the {@link Endpoints} differ. Start-up is a few named steps, and a failure in any of
 * them closes what the earlier ones opened. Closing stops the streams app first (so no new judge
 * calls start), then the judge connection.
 */
public final class ArbiterService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArbiterService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROVISIONING_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final JudgeConnection judge;
    private final ServiceMeters serviceMeters;
    private final StateDirectory stateDirectory;
    private final List<KafkaStreams.State> stateHistory;
    private final TopicNames topics;
    private final SchemaRegistryClient registry;
    private final boolean pairwiseEnabled;

    private ArbiterService(KafkaStreams streams, JudgeConnection judge, ServiceMeters serviceMeters,
                           StateDirectory stateDirectory, List<KafkaStreams.State> stateHistory, TopicNames topics,
                           SchemaRegistryClient registry, boolean pairwiseEnabled) {
        this.streams = streams;
        this.judge = judge;
        this.serviceMeters = serviceMeters;
        this.stateDirectory = stateDirectory;
        this.stateHistory = stateHistory;
        this.topics = topics;
        this.registry = registry;
        this.pairwiseEnabled = pairwiseEnabled;
    }

    /** Starts everything; returns once Kafka Streams has been started (not necessarily RUNNING). */
    public static ArbiterService start(ArbiterConfig config, Endpoints endpoints, MeterRegistry meters) {
        JudgeProfile profile = loadProfile(config.judge());
        TopicNames topics = config.kafka().topics();
        SchemaRegistryClient registry = connectRegistry(config, endpoints);
        enforceBackwardCompatibility(registry, topics, config.kafka().applicationId());
        provisionTopics(config.kafka(), endpoints, topics);
        try (CloseOnFailure onFailure = new CloseOnFailure()) {
            JudgeConnection judge = onFailure.register(
                    JudgeConnection.open(config.judge(), endpoints.judgeTarget(), profile, meters));
            PipelineMetrics metrics = new PipelineMetrics(meters);
            metrics.bind(judge.dispatcher);
            StateDirectory state = onFailure.register(StateDirectory.choose(config));
            KafkaStreams streams = new KafkaStreams(
                    ArbiterTopology.build(PipelineParts.assemble(config, profile, registry, judge.dispatcher, metrics,
                            Clock.systemUTC())),
                    streamsProperties(config, endpoints, state));
            onFailure.register(() -> streams.close(CLOSE_TIMEOUT));
            List<KafkaStreams.State> history = new CopyOnWriteArrayList<>();
            streams.setStateListener((now, before) -> history.add(now));
            // A stream thread that dies on an unexpected error is replaced; its tasks restart from
            // the last committed transaction and re-submit their pending work.
            streams.setUncaughtExceptionHandler(e -> {
                log.error("stream thread failed; replacing it", e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            ServiceMeters serviceMeters = onFailure.register(ServiceMeters.bind(streams, meters));
            streams.start();
            onFailure.release();
            log.info("arbiter started: judge {} (profile {}, model {}), kafka {}, registry {}", endpoints.judgeTarget(),
                    profile.name(), profile.model(), endpoints.bootstrapServers(), endpoints.registryUrl());
            return new ArbiterService(streams, judge, serviceMeters, state, history, topics, registry,
                    profile.pairwise().isPresent());
        }
    }

    private static JudgeProfile loadProfile(JudgeSettings judge) {
        JudgeProfile profile = JudgeProfiles.standard().load(judge.profile());
        return judge.model().map(profile::withModel).orElse(profile);
    }

    private static SchemaRegistryClient connectRegistry(ArbiterConfig config, Endpoints endpoints) {
        return new ConfluentRestRegistryClient(RegistryClientConfig.of(endpoints.registryUrl())
                .withTimeouts(Duration.ofSeconds(5), config.registry().requestTimeout()));
    }

    /**
     * Apicurio (and some Confluent deployments) default to no compatibility checking; Arbiter's
     * evolution contract is BACKWARD, so it is set per subject before anything is registered:
     * every external topic (the pairwise ones too, which the topology always reads) and the
     * changelogs of the stores that keep Avro records.
     */
    private static void enforceBackwardCompatibility(SchemaRegistryClient registry, TopicNames topics, String applicationId) {
        List<String> governed = new ArrayList<>(topics.all());
        governed.addAll(ArbiterTopology.avroChangelogs(applicationId));
        for (String topic : governed) {
            registry.setCompatibility(topic + "-value", CompatibilityLevel.BACKWARD);
        }
    }

    private static void provisionTopics(KafkaSettings kafka, Endpoints endpoints, TopicNames topics) {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        kafka.clientProperties().forEach(admin::put);
        List<String> created = new TopicProvisioner(admin, PROVISIONING_TIMEOUT).ensure(
                topics.all(), kafka.topicPartitions(), (short) kafka.replicationFactor());
        if (!created.isEmpty()) log.info("created topics {}", created);
    }

    private static Properties streamsProperties(ArbiterConfig config, Endpoints endpoints, StateDirectory state) {
        KafkaSettings kafka = config.kafka();
        return StreamsProperties.build(kafka.applicationId(), endpoints.bootstrapServers(), state.path,
                kafka.numStreamThreads(), kafka.commitInterval().toMillis(), kafka.replicationFactor(),
                kafka.streamsPassThrough());
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Every state Kafka Streams has entered since start, in order. A fenced producer or a lost
     * task sends a running instance back through REBALANCING, so a history that stays at RUNNING
     * over a period shows no task was re-created in it.
     */
    public List<KafkaStreams.State> stateHistory() {
        return List.copyOf(stateHistory);
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * The names of this instance's live stream threads. A thread that died and was replaced comes
     * back under a new name, so an unchanged set over a period means no thread failed in it.
     */
    public Set<String> streamThreads() {
        Set<String> names = new TreeSet<>();
        streams.metadataForLocalThreads().forEach(t -> names.add(t.threadName()));
        return names;
    }

    /** Whether the judge model is ready, as last asked (see {@link JudgeReadiness}); never blocks. */
    public HealthCheck judgeReadiness() {
        return judge.readiness;
    }

    public int judgeInFlight() {
        return judge.dispatcher.inFlight();
    }

    public TopicNames topics() {
        return topics;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    /** True when the judge profile offers pairwise comparison (the pairwise topics are read either way). */
    public boolean pairwiseEnabled() {
        return pairwiseEnabled;
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        stateDirectory.close();
        serviceMeters.close();
        judge.close();
    }
}
