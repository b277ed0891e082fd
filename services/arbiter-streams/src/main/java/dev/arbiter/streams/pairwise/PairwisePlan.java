package dev.arbiter.streams.pairwise;

import dev.arbiter.judge.ChatTurn;
import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.consolidate.Order;
import dev.arbiter.judge.consolidate.OrderPolicy;
import dev.arbiter.judge.pairwise.PairwiseProtocol;
import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.profile.PairwiseSettings;
import dev.arbiter.judge.profile.VoteSettings;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.SamplingParameters;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.streams.intake.Rejection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a deployment judges a pair: the profile's pairwise template and parser, which orders to
 * show (both by default, to expose position bias), and how many sampled judgements per order
 * (majority vote). Produces the list of judge calls for one request; pure and thread-safe. A
 * profile without a pairwise protocol gives a plan that offers nothing:
 * the pairwise branch stays in the topology (so its stored work is still read back and answered,
 * and the topology has the same shape whatever the profile), and {@link #check} turns every
 * request away.
 */
public final class PairwisePlan {

    /** One judge call of a pairwise job. */
    public record Call(int index, Order order, int sample, RenderedPrompt rendered, SamplingParameters sampling) {
        public GenerationRequest request(String model, String requestId, Duration deadline) {
            return new GenerationRequest(requestId, model, rendered.text(), sampling, deadline);
        }
    }

    private final JudgeProfile profile;
    private final Optional<PairwiseProtocol> protocol;
    private final PairwiseSettings settings;
    private final VoteSettings voting;
    private final Duration deadline;

    public PairwisePlan(JudgeProfile profile, Duration deadline) {
        this(profile, profile.pairwiseSettings(), deadline);
    }

    private PairwisePlan(JudgeProfile profile, PairwiseSettings settings, Duration deadline) {
        this.profile = profile;
        this.protocol = profile.pairwise();
        this.settings = settings;
        this.voting = profile.voting();
        this.deadline = deadline;
    }

    /**
     * This plan judging every pair in both orders, whatever the profile's order policy: the plan
     * of consistency probes, whose whole point is the swap.
     */
    public PairwisePlan inBothOrders() {
        return new PairwisePlan(profile, new PairwiseSettings(OrderPolicy.BOTH, settings.consolidation()), deadline);
    }

    /**
     * Why a request cannot be judged by this plan: the profile compares no pairs
     * (UNSUPPORTED_PROTOCOL), or its template needs a reference answer the request lacks. A
     * reference the template has no place for is ignored (documented).
     */
    public Optional<Rejection> check(PairwiseRequest r) {
        if (protocol.isEmpty()) {
            return Optional.of(new Rejection(DeadLetterReason.UNSUPPORTED_PROTOCOL,
                    "judge profile " + profile.name() + " offers no pairwise comparison"));
        }
        if (protocol.get().needsReference() && (r.getReferenceAnswer() == null || r.getReferenceAnswer().isBlank())) {
            return Optional.of(new Rejection(DeadLetterReason.MISSING_REQUIRED_FIELD,
                    "the judge profile's pairwise template needs reference_answer"));
        }
        return Optional.empty();
    }

    /** The calls for one request that passed {@link #check}. */
    public List<Call> calls(PairwiseRequest r) {
        PairwiseProtocol protocol = protocol();
        dev.arbiter.judge.pairwise.PairwiseRequest request = new dev.arbiter.judge.pairwise.PairwiseRequest(
                r.getPrompt().stream().map(t -> new ChatTurn(t.getRole(), t.getContent())).toList(),
                r.getResponseA(), r.getResponseB(), Optional.ofNullable(r.getReferenceAnswer()));
        List<Call> calls = new ArrayList<>();
        for (Order order : settings.orderPolicy().orders(r.getPairId())) {
            RenderedPrompt rendered = protocol.render(request, order == Order.SWAPPED);
            for (int sample = 0; sample < voting.samples(); sample++) {
                SamplingParameters sampling = voting.voting() ? voting.forSample(profile.sampling(), sample) : profile.sampling();
                calls.add(new Call(calls.size(), order, sample, rendered, sampling));
            }
        }
        return calls;
    }

    /** Whether the profile compares pairs at all. */
    public boolean comparesPairs() {
        return protocol.isPresent();
    }

    public PairwiseProtocol protocol() {
        return protocol.orElseThrow(() -> new IllegalStateException("judge profile " + profile.name() + " has no pairwise protocol"));
    }

    public PairwiseSettings settings() {
        return settings;
    }

    public VoteSettings voting() {
        return voting;
    }

    public String model() {
        return profile.model();
    }

    public Duration deadline() {
        return deadline;
    }

    /** The judge of this plan's results; without a pairwise protocol, the template is {@link #NOT_JUDGED}. */
    public JudgeRef judge() {
        return JudgeRef.newBuilder().setProfile(profile.name()).setModel(profile.model())
                .setTemplate(protocol.map(PairwiseProtocol::templateId).orElse(NOT_JUDGED))
                .setTemplateVersion(protocol.map(PairwiseProtocol::templateVersion).orElse("")).build();
    }

    /** The template name a result carries when no template was rendered. */
    public static final String NOT_JUDGED = "(not judged)";
}
