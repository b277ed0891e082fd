package dev.arbiter.app.runtime;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.JudgeSettings;
import dev.arbiter.app.config.PipelineSettings;
import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.safety.RewardHackingDetector;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.serde.ConfluentAvroSerde;
import dev.arbiter.registry.serde.NullHandling;
import dev.arbiter.registry.serde.SchemaRegistration;
import dev.arbiter.schema.BestOfN;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.Critique;
import dev.arbiter.schema.DeadLetter;
import dev.arbiter.schema.JudgeMetricsWindow;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PendingGroup;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.schema.PendingPairwise;
import dev.arbiter.schema.PendingSelection;
import dev.arbiter.schema.PreferencePair;
import dev.arbiter.schema.Reward;
import dev.arbiter.streams.ArbiterTopology;
import dev.arbiter.streams.engine.EngineSettings;
import dev.arbiter.streams.engine.JudgeDispatcher;
import dev.arbiter.streams.engine.RetryPolicy;
import dev.arbiter.streams.grading.CandidateGrading;
import dev.arbiter.streams.grading.ProfileJudgingPlan;
import dev.arbiter.streams.grading.ScalarJudgingPlan;
import dev.arbiter.streams.grading.ScalarRewardAssembler;
import dev.arbiter.streams.grading.RewardAssembler;
import dev.arbiter.streams.intake.CandidateValidator;
import dev.arbiter.streams.intake.InputLimits;
import dev.arbiter.streams.intake.RegistryRecordDecoder;
import dev.arbiter.streams.intake.ResponseScreen;
import dev.arbiter.streams.metrics.PipelineMetrics;
import dev.arbiter.streams.pairwise.PairwiseParts;
import dev.arbiter.streams.pairwise.PairwisePlan;
import dev.arbiter.streams.pairwise.PairwiseResultAssembler;
import dev.arbiter.streams.probe.ProbeSampler;
import dev.arbiter.streams.topics.ArbiterTopics;
import java.time.Clock;

/**
 * Builds the topology's collaborators from the configuration: the topics with their Avro serdes,
 * intake limits and screens, the judging plans of the profile, the engine's settings and retry
 * policy. Output schemas honour {@code arbiter.registry.auto-register}; the pending stores'
 * schemas belong to Arbiter alone and are always registered.
 */
final class PipelineParts {

    /** Longest accepted candidate or prompt id: ids are Kafka keys and store keys. */
    private static final int MAX_ID_LENGTH = 256;

    private PipelineParts() {}

    static ArbiterTopology.Parts assemble(ArbiterConfig config, JudgeProfile profile, SchemaRegistryClient registry,
                                          JudgeDispatcher dispatcher, PipelineMetrics metrics, Clock clock) {
        SchemaRegistration outputs = config.registry().autoRegister() ? SchemaRegistration.AUTO_REGISTER : SchemaRegistration.LOOKUP_ONLY;
        ArbiterTopics topics = ArbiterTopics.of(config.kafka().topics(), new ArbiterTopics.ValueSerdes(
                new ConfluentAvroSerde<>(registry, Reward.class, false, outputs, NullHandling.REJECT),
                new ConfluentAvroSerde<>(registry, Critique.class, false, outputs, NullHandling.REJECT),
                new ConfluentAvroSerde<>(registry, DeadLetter.class, false, outputs, NullHandling.REJECT),
                new ConfluentAvroSerde<>(registry, PairwiseResult.class, false, outputs, NullHandling.REJECT),
                new ConfluentAvroSerde<>(registry, JudgeMetricsWindow.class, false, outputs, NullHandling.REJECT),
                new ConfluentAvroSerde<>(registry, BestOfN.class, false, outputs, NullHandling.REJECT),
                new ConfluentAvroSerde<>(registry, PreferencePair.class, false, outputs, NullHandling.REJECT),
                ConfluentAvroSerde.forValues(registry, PendingJudgement.class),
                ConfluentAvroSerde.forValues(registry, PendingPairwise.class),
                ConfluentAvroSerde.forValues(registry, JudgeMetricsWindow.class),
                ConfluentAvroSerde.forValues(registry, PendingGroup.class),
                ConfluentAvroSerde.forValues(registry, PendingSelection.class)));
        JudgeSettings judge = config.judge();
        PipelineSettings pipeline = config.pipeline();
        RewardHackingDetector detector = new RewardHackingDetector();
        return new ArbiterTopology.Parts(
                topics,
                new RegistryRecordDecoder<>(ConfluentAvroSerde.forValues(registry, CandidateGeneration.class).deserializer()),
                new InputLimits(pipeline.maxPromptChars(), pipeline.maxResponseChars(), pipeline.maxMetadataChars()),
                new CandidateValidator(MAX_ID_LENGTH),
                new ResponseScreen(detector),
                grading(profile, judge, detector),
                dispatcher,
                new RetryPolicy(judge.maxAttempts(), judge.retryBackoff(), judge.retryBackoffMax()),
                new EngineSettings(pipeline.windowPerTask(), pipeline.maxPendingPerTask(), pipeline.batchMaxSize(),
                        pipeline.batchLinger(), pipeline.drainInterval(), pipeline.groupByPrompt()),
                pipeline.dedupeWindow(),
                metrics,
                clock,
                new PairwiseParts(
                        new RegistryRecordDecoder<>(ConfluentAvroSerde.forValues(registry, PairwiseRequest.class).deserializer()),
                        new PairwisePlan(profile, judge.deadline()),
                        new PairwiseResultAssembler(detector)),
                new ArbiterTopology.HealthParts(new ProbeSampler(config.health().probeRate()), config.health().probePartnerTimeout(),
                        config.health().metricsWindow()),
                config.bestOfN());
    }

    /** A generative judge's prompts and parsed verdicts, or a scalar model's scores, as the profile says. */
    private static CandidateGrading grading(JudgeProfile profile, JudgeSettings judge, RewardHackingDetector detector) {
        if (profile.isScalar()) {
            ScalarJudgingPlan plan = new ScalarJudgingPlan(profile, judge.defaultProtocol(), judge.deadline());
            return CandidateGrading.scalar(plan, new ScalarRewardAssembler(plan.model(), detector));
        }
        return CandidateGrading.generative(new ProfileJudgingPlan(profile, judge.defaultProtocol(), judge.deadline()),
                new RewardAssembler(detector));
    }
}
