package dev.arbiter.streams.pairwise;

import dev.arbiter.judge.ChatTurn;
import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.consolidate.Order;
import dev.arbiter.judge.pairwise.PairwiseProtocol;
import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.profile.PairwiseSettings;
import dev.arbiter.judge.profile.VoteSettings;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.SamplingParameters;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.PairwiseRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a deployment judges a pair: the profile's pairwise template and parser, which orders to
 * show (both by default, to expose position bias), and how many sampled judgements per order
 * (majority vote). Produces the list of judge calls for one request; pure and thread-safe.
 */
public final class PairwisePlan {

    /** One judge call of a pairwise job. */
    public record Call(int index, Order order, int sample, RenderedPrompt rendered, SamplingParameters sampling) {
        public GenerationRequest request(String model, String requestId, Duration deadline) {
            return new GenerationRequest(requestId, model, rendered.text(), sampling, deadline);
        }
    }

    private final JudgeProfile profile;
    private final PairwiseProtocol protocol;
    private final PairwiseSettings settings;
    private final VoteSettings voting;
    private final Duration deadline;

    public PairwisePlan(JudgeProfile profile, Duration deadline) {
        this.profile = profile;
        this.protocol = profile.pairwise().orElseThrow(
                () -> new IllegalArgumentException("judge profile " + profile.name() + " has no pairwise protocol"));
        this.settings = profile.pairwiseSettings();
        this.voting = profile.voting();
        this.deadline = deadline;
    }

    public List<Call> calls(PairwiseRequest r) {
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

    public PairwiseProtocol protocol() {
        return protocol;
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

    public JudgeRef judge() {
        return JudgeRef.newBuilder().setProfile(profile.name()).setModel(profile.model())
                .setTemplate(protocol.templateId()).setTemplateVersion(protocol.templateVersion()).build();
    }
}
