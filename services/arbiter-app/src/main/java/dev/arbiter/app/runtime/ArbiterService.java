package dev.arbiter.app.runtime;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.JudgeSettings;
import dev.arbiter.app.config.KafkaSettings;
import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.profile.JudgeProfiles;
import dev.arbiter.judge.safety.RewardHackingDetector;
import dev.arbiter.registry.CompatibilityLevel;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerde;
import dev.arbiter.registry.serde.NullHandling;
import dev.arbiter.registry.serde.SchemaRegistration;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.Critique;
import dev.arbiter.schema.DeadLetter;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PendingPairwise;
import dev.arbiter.schema.Reward;
import dev.arbiter.streams.engine.EngineSettings;
import dev.arbiter.streams.pairwise.PairwiseParts;
import dev.arbiter.streams.pairwise.PairwisePlan;
import dev.arbiter.streams.pairwise.PairwiseResultAssembler;
import dev.arbiter.streams.topics.TopicSpec;
import org.apache.kafka.common.serialization.Serdes;
import dev.arbiter.streams.ArbiterTopology;
import dev.arbiter.streams.StreamsProperties;
import dev.arbiter.streams.grading.RewardAssembler;
import dev.arbiter.streams.intake.CandidateValidator;
import dev.arbiter.streams.intake.InputLimits;
import dev.arbiter.streams.intake.ResponseScreen;
import dev.arbiter.streams.intake.RegistryRecordDecoder;
import dev.arbiter.streams.engine.JudgeDispatcher;
import dev.arbiter.streams.grading.ProfileJudgingPlan;
import dev.arbiter.streams.engine.RetryPolicy;
import dev.arbiter.streams.metrics.PipelineMetrics;
import dev.arbiter.streams.topics.ArbiterTopics;
import dev.arbiter.streams.topics.TopicNames;
import dev.arbiter.triton.client.TlsSettings;
import dev.arbiter.triton.client.TritonClientConfig;
import dev.arbiter.triton.judge.TritonJudgeConfig;
import dev.arbiter.triton.judge.TritonJudgeTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running reward service: connects to the registry, the judge and Kafka, provisions the
 * topics it owns, and runs the Kafka Streams topology. It is the same in embedded and external
 * mode; only the {@link Endpoints} differ. Closing it stops the streams app first (so no new
 * judge calls start), then the judge connection.
 */
public final class ArbiterService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArbiterService.class);
    /** The one Streams sub-topology's changelog of pending judgements; its values are Avro too. */
    private static final String PENDING_CHANGELOG_SUFFIX = "-" + ArbiterTopology.PENDING_STORE + "-changelog";

    private final KafkaStreams streams;
    private final TritonJudgeTransport transport;
    private final JudgeDispatcher dispatcher;
    private final ScheduledExecutorService retryScheduler;
    private final KafkaStreamsMetrics streamsMetrics;
    private final AutoCloseable gcMetrics;
    /** This run's own temp state directory, removed on close. */
    private final java.util.Optional<Path> ownedStateDir;
    private final TopicNames topics;
    private final SchemaRegistryClient registry;
    private final boolean pairwiseEnabled;
    private final List<KafkaStreams.State> stateHistory;

    private ArbiterService(KafkaStreams streams, TritonJudgeTransport transport, JudgeDispatcher dispatcher,
                           ScheduledExecutorService retryScheduler, KafkaStreamsMetrics streamsMetrics,
                           AutoCloseable gcMetrics, TopicNames topics, SchemaRegistryClient registry,
                           boolean pairwiseEnabled, java.util.Optional<Path> ownedStateDir,
                           List<KafkaStreams.State> stateHistory) {
        this.stateHistory = stateHistory;
        this.streams = streams;
        this.transport = transport;
        this.dispatcher = dispatcher;
        this.retryScheduler = retryScheduler;
        this.streamsMetrics = streamsMetrics;
        this.gcMetrics = gcMetrics;
        this.ownedStateDir = ownedStateDir;
        this.topics = topics;
        this.registry = registry;
        this.pairwiseEnabled = pairwiseEnabled;
    }

    /** Starts everything; returns once Kafka Streams has been started (not necessarily RUNNING). */
    public static ArbiterService start(ArbiterConfig config, Endpoints endpoints, MeterRegistry meters) {
        KafkaSettings kafka = config.kafka();
        JudgeSettings judgeSettings = config.judge();
        TopicNames names = new TopicNames(kafka.topics().candidates(), kafka.topics().rewards(),
                kafka.topics().critiques(), kafka.topics().deadLetter());

        SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(endpoints.registryUrl())
                .withTimeouts(Duration.ofSeconds(5), config.registry().requestTimeout()));
        enforceBackwardCompatibility(registry, names, kafka, kafka.applicationId());

        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        kafka.clientProperties().forEach(admin::put);
        JudgeProfile profile = JudgeProfiles.standard().load(judgeSettings.profile());
        if (judgeSettings.model().isPresent()) profile = profile.withModel(judgeSettings.model().get());
        // The pairwise topics too, whatever the profile: the topology always reads pairwise requests
        // (a profile without pairwise turns them away with a reason).
        List<String> owned = List.of(names.candidates(), names.rewards(), names.critiques(), names.deadLetter(),
                kafka.topics().pairwiseRequests(), kafka.topics().pairwiseResults());
        List<String> created = new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(
                owned, kafka.topicPartitions(), (short) kafka.replicationFactor());
        if (!created.isEmpty()) log.info("created topics {}", created);

        TritonClientConfig clientConfig = TritonClientConfig.plaintext(endpoints.judgeTarget())
                .withMaxRequestsInFlight(judgeSettings.maxInFlight())
                .withKeepAlive(judgeSettings.keepalive(), Duration.ofSeconds(10), true)
                .withDefaultDeadline(judgeSettings.deadline());
        if (judgeSettings.tls().enabled()) {
            TlsSettings tls = judgeSettings.tls().trustCertPath().map(TlsSettings::trusting).orElseGet(TlsSettings::systemTrust);
            if (judgeSettings.tls().clientCertPath().isPresent()) {
                tls = tls.withClientIdentity(judgeSettings.tls().clientCertPath().get(), judgeSettings.tls().clientKeyPath().orElseThrow());
            }
            clientConfig = clientConfig.withTls(tls);
        }
        TritonJudgeTransport transport = TritonJudgeTransport.connect(clientConfig, TritonJudgeConfig.defaults(), meters);
        checkJudgeModel(transport, profile.model());
        ScheduledExecutorService retryScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arbiter-judge-retry");
            t.setDaemon(true);
            return t;
        });
        JudgeDispatcher dispatcher = new JudgeDispatcher(transport, retryScheduler, judgeSettings.maxInFlight());
        PipelineMetrics metrics = new PipelineMetrics(meters);
        metrics.bind(dispatcher);

        // Output topics honour arbiter.registry.auto-register; the internal store schemas belong to
        // Arbiter alone and are always registered.
        SchemaRegistration outputs = config.registry().autoRegister() ? SchemaRegistration.AUTO_REGISTER : SchemaRegistration.LOOKUP_ONLY;
        ArbiterTopics arbiterTopics = ArbiterTopics.of(names,
                new ConfluentAvroSerde<>(registry, Reward.class, false, outputs, NullHandling.REJECT),
                new ConfluentAvroSerde<>(registry, Critique.class, false, outputs, NullHandling.REJECT),
                new ConfluentAvroSerde<>(registry, DeadLetter.class, false, outputs, NullHandling.REJECT),
                ConfluentAvroSerde.forValues(registry, PendingJudgement.class));
        var pipeline = config.pipeline();
        RewardHackingDetector hackingDetector = new RewardHackingDetector();
        ArbiterTopology.Parts parts = new ArbiterTopology.Parts(
                arbiterTopics,
                new RegistryRecordDecoder<>(ConfluentAvroSerde.forValues(registry, CandidateGeneration.class).deserializer()),
                new InputLimits(pipeline.maxPromptChars(), pipeline.maxResponseChars(), pipeline.maxMetadataChars()),
                new CandidateValidator(256),
                new ResponseScreen(hackingDetector),
                new ProfileJudgingPlan(profile, judgeSettings.defaultProtocol(), judgeSettings.deadline()),
                dispatcher,
                new RewardAssembler(hackingDetector),
                new RetryPolicy(judgeSettings.maxAttempts(), judgeSettings.retryBackoff(), judgeSettings.retryBackoffMax()),
                new EngineSettings(pipeline.windowPerTask(), pipeline.maxPendingPerTask(), pipeline.batchMaxSize(),
                        pipeline.batchLinger(), pipeline.drainInterval()),
                pipeline.dedupeWindow(),
                metrics,
                Clock.systemUTC(),
                new PairwiseParts(
                        new TopicSpec<>(kafka.topics().pairwiseRequests(), Serdes.ByteArray(), Serdes.ByteArray()),
                        new TopicSpec<>(kafka.topics().pairwiseResults(), Serdes.String(),
                                new ConfluentAvroSerde<>(registry, PairwiseResult.class, false, outputs, NullHandling.REJECT)),
                        ConfluentAvroSerde.forValues(registry, PendingPairwise.class),
                        new RegistryRecordDecoder<>(ConfluentAvroSerde.forValues(registry, PairwiseRequest.class).deserializer()),
                        new PairwisePlan(profile, judgeSettings.deadline()),
                        new PairwiseResultAssembler(hackingDetector)));

        // Embedded runs without a configured directory get a fresh one of their own, removed on close.
        java.util.Optional<Path> ownedStateDir = kafka.stateDir().isEmpty() && config.mode() == dev.arbiter.app.config.Mode.EMBEDDED
                ? java.util.Optional.of(freshStateDir()) : java.util.Optional.empty();
        Path stateDir = kafka.stateDir().or(() -> ownedStateDir).orElseGet(ArbiterService::sharedTempStateDir);
        Properties props = StreamsProperties.build(kafka.applicationId(), endpoints.bootstrapServers(), stateDir,
                kafka.numStreamThreads(), kafka.commitInterval().toMillis(), kafka.replicationFactor(),
                kafka.streamsPassThrough());
        KafkaStreams streams = new KafkaStreams(ArbiterTopology.build(parts), props);
        List<KafkaStreams.State> stateHistory = new java.util.concurrent.CopyOnWriteArrayList<>();
        streams.setStateListener((now, before) -> stateHistory.add(now));
        // A stream thread that dies on an unexpected error is replaced; its tasks restart from
        // the last committed transaction and re-submit their pending judgements.
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        // JVM health next to the pipeline's: heap, GC pauses, threads, CPU, uptime.
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(meters);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(meters);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(meters);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(meters);
        io.micrometer.core.instrument.binder.jvm.JvmGcMetrics gcMetrics = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
        gcMetrics.bindTo(meters);
        streams.start();
        log.info("arbiter started: judge {} (profile {}, model {}), kafka {}, registry {}", endpoints.judgeTarget(),
                profile.name(), profile.model(), endpoints.bootstrapServers(), endpoints.registryUrl());
        return new ArbiterService(streams, transport, dispatcher, retryScheduler, streamsMetrics, gcMetrics, names, registry,
                profile.pairwise().isPresent(), ownedStateDir, stateHistory);
    }

    /**
     * A judge model Triton does not know is a configuration error: fail at start-up instead of
     * turning every candidate into a JUDGE_FAILED reward. A judge that is merely down or still
     * loading is an outage the pipeline waits out, so start anyway and say so.
     */
    private static void checkJudgeModel(TritonJudgeTransport transport, String model) {
        try {
            transport.awaitModelReady(model, Duration.ofSeconds(15)).join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof dev.arbiter.judge.transport.JudgeTransportException jte
                    && jte.kind() == dev.arbiter.judge.transport.JudgeTransportException.Kind.MODEL_NOT_FOUND) {
                transport.close();
                throw new IllegalStateException("the judge server does not serve model '" + model
                        + "' (arbiter.judge.profile / arbiter.judge.model)", jte);
            }
            log.warn("judge model {} is not ready yet ({}); starting anyway, judge calls will be retried",
                    model, cause == null ? e.toString() : cause.getMessage());
        }
    }

    /**
     * Embedded mode: the embedded broker is new every run, so old local state could only be stale;
     * a fresh directory per run ({@link #close} removes it).
     */
    private static Path freshStateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("arbiter-state-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a state directory", e);
        }
    }

    /** External mode without {@code arbiter.kafka.state-dir}: production sets it on a volume. */
    private static Path sharedTempStateDir() {
        log.warn("arbiter.kafka.state-dir is not set; using the temp directory (set it to a persistent volume in production)");
        return Path.of(System.getProperty("java.io.tmpdir"), "arbiter-state");
    }

    /**
     * Apicurio (and some Confluent deployments) default to no compatibility checking; Arbiter's
     * evolution contract is BACKWARD, so it is set per subject before anything is registered.
     */
    private static void enforceBackwardCompatibility(SchemaRegistryClient registry, TopicNames names, KafkaSettings kafka,
                                                     String applicationId) {
        List<String> subjects = new ArrayList<>();
        for (String topic : List.of(names.candidates(), names.rewards(), names.critiques(), names.deadLetter(),
                kafka.topics().pairwiseRequests(), kafka.topics().pairwiseResults(),
                applicationId + PENDING_CHANGELOG_SUFFIX,
                applicationId + "-" + ArbiterTopology.PAIRWISE_STORE + "-changelog")) {
            subjects.add(topic + "-value");
        }
        for (String subject : subjects) {
            registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        }
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
    public java.util.Set<String> streamThreads() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        streams.metadataForLocalThreads().forEach(t -> names.add(t.threadName()));
        return names;
    }

    public int judgeInFlight() {
        return dispatcher.inFlight();
    }

    public TopicNames topics() {
        return topics;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    /** True when the judge profile offers pairwise comparison, so the pairwise topics are consumed. */
    public boolean pairwiseEnabled() {
        return pairwiseEnabled;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        // Streams is closed, and the directory was created for this run alone: remove all of it
        // (KafkaStreams.cleanUp() would leave the lock and process-metadata files behind).
        ownedStateDir.ifPresent(dir -> {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                log.debug("could not remove state directory {}", dir, e);
            }
        });
        streamsMetrics.close();
        try {
            gcMetrics.close();
        } catch (Exception e) {
            log.debug("closing GC metrics", e);
        }
        dispatcher.close();
        transport.close();
        retryScheduler.shutdownNow();
    }
}
