package dev.arbiter.streams.probe;

import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.streams.intake.AcceptanceRule;
import dev.arbiter.streams.intake.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forms consistency probes from accepted candidates: in each group the {@link ProbeSampler}
 * picks, candidates 0 and 1 become one pairwise request that the probe branch judges in both
 * orders. Producers rarely send pairs, so this is how position consistency is measured on the
 * traffic itself. The first of the two to arrive waits in a changelogged partner store (one entry
 * per sampled group, removed when the pair forms or when the partner has not come within the
 * timeout), so probes survive restarts, are formed once, and the store does not grow with the
 * groups ever seen. Two identical responses make no probe: a tie both ways says nothing about
 * position bias and would flatter the consistency rate. The probe's id names both candidates, so
 * it is unique as long as they are.
 */
public final class ProbePairingProcessor implements Processor<String, CandidateGeneration, String, PairwiseRequest> {

    /** Metadata key on a probe (and so on its pairwise result inside the engine) marking it as one. */
    public static final String PROBE_METADATA = "arbiter.probe";

    private final ProbeSampler sampler;
    private final AcceptanceRule<PairwiseRequest> planRule;
    private final String partnersStoreName;
    private final String pendingProbesStoreName;
    private final Duration partnerTimeout;
    private final Consumer<String> skipped;
    private final String probeChild;
    private final Clock clock;

    private ProcessorContext<String, PairwiseRequest> context;
    private KeyValueStore<String, PendingJudgement> partners;
    private KeyValueStore<String, ?> pendingProbes;

    /**
     * @param planRule the probe plan's check (the profile may compare no pairs)
     * @param skipped  told the lower-case reason of each sampled group that gives no probe
     */
    public ProbePairingProcessor(ProbeSampler sampler, AcceptanceRule<PairwiseRequest> planRule, String partnersStoreName,
                                 String pendingProbesStoreName, Duration partnerTimeout, Consumer<String> skipped,
                                 String probeChild, Clock clock) {
        this.sampler = Objects.requireNonNull(sampler);
        this.planRule = Objects.requireNonNull(planRule);
        this.partnersStoreName = Objects.requireNonNull(partnersStoreName);
        this.pendingProbesStoreName = Objects.requireNonNull(pendingProbesStoreName);
        this.partnerTimeout = Objects.requireNonNull(partnerTimeout);
        this.skipped = Objects.requireNonNull(skipped);
        this.probeChild = Objects.requireNonNull(probeChild);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void init(ProcessorContext<String, PairwiseRequest> context) {
        this.context = context;
        this.partners = context.getStateStore(partnersStoreName);
        this.pendingProbes = context.getStateStore(pendingProbesStoreName);
        long every = Math.max(1_000, Math.min(partnerTimeout.toMillis() / 4, 60_000));
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, ts -> expire(clock.instant()));
    }

    @Override
    public void process(Record<String, CandidateGeneration> record) {
        CandidateGeneration c = record.value();
        if (c.getGroupSize() < 2 || c.getGroupIndex() > 1 || !sampler.samples(c.getPromptId())) return;
        PendingJudgement waiting = partners.get(c.getPromptId());
        if (waiting == null) {
            partners.put(c.getPromptId(), new PendingJudgement(c, clock.instant(), 0));
            return;
        }
        CandidateGeneration other = waiting.getCandidate();
        if (other.getGroupIndex() == c.getGroupIndex()) return; // a second claimant of the same index: the first stays
        partners.delete(c.getPromptId());
        CandidateGeneration a = other.getGroupIndex() == 0 ? other : c;
        CandidateGeneration b = a == other ? c : other;
        if (a.getResponse().equals(b.getResponse())) {
            skipped.accept("identical_responses");
            return;
        }
        PairwiseRequest probe = probe(a, b);
        Optional<Rejection> rejection = planRule.check(probe);
        if (rejection.isPresent()) {
            skipped.accept(rejection.get().reason().name().toLowerCase(Locale.ROOT));
            return;
        }
        if (pendingProbes.get(probe.getPairId()) != null) {
            skipped.accept("duplicate");
            return;
        }
        context.forward(new Record<>(probe.getPromptId(), probe, record.timestamp()), probeChild);
    }

    private PairwiseRequest probe(CandidateGeneration a, CandidateGeneration b) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PROBE_METADATA, "true");
        if (a.getScenario() != null) metadata.put("scenario", a.getScenario());
        return PairwiseRequest.newBuilder()
                .setPairId("probe|" + a.getCandidateId() + "|" + b.getCandidateId())
                .setPromptId(a.getPromptId())
                .setPrompt(a.getPrompt())
                .setResponseA(a.getResponse())
                .setResponseB(b.getResponse())
                .setCandidateIdA(a.getCandidateId())
                .setCandidateIdB(b.getCandidateId())
                .setReferenceAnswer(a.getReferenceAnswer())
                .setProducedAt(clock.instant())
                .setMetadata(metadata)
                .build();
    }

    /** Forgets the groups whose second candidate has not come within the timeout. */
    private void expire(Instant now) {
        Instant cutoff = now.minus(partnerTimeout);
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, PendingJudgement> it = partners.all()) {
            while (it.hasNext()) {
                KeyValue<String, PendingJudgement> kv = it.next();
                if (kv.value.getAcceptedAt().isBefore(cutoff)) stale.add(kv.key);
            }
        }
        for (String promptId : stale) {
            partners.delete(promptId);
            skipped.accept("partner_timeout");
        }
    }
}
