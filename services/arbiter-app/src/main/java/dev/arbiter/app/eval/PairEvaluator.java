package dev.arbiter.app.eval;

import dev.arbiter.judge.ChatTurn;
import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.pairwise.PairwiseProtocol;
import dev.arbiter.judge.pairwise.PairwiseRequest;
import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.pairwise.Preference;
import dev.arbiter.judge.profile.JudgeProfile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Judges labelled pairs in both orders with one judge profile, through {@link JudgeCalls} (the
 * service's dispatcher and retry rules, many calls in flight). The response shown first in the
 * forward order is the file's response 1.
 */
public final class PairEvaluator {

    private final JudgeCalls calls;

    public PairEvaluator(JudgeCalls calls) {
        this.calls = Objects.requireNonNull(calls);
    }

    /** Both orders of one pair under {@code profile}, which must compare pairs. */
    public CompletableFuture<PairJudgement> judge(LabelledPair pair, JudgeProfile profile) {
        PairwiseProtocol protocol = profile.pairwise()
                .orElseThrow(() -> new IllegalArgumentException("judge profile " + profile.name() + " compares no pairs"));
        PairwiseRequest request = new PairwiseRequest(List.of(new ChatTurn("user", pair.prompt())), pair.response1(),
                pair.response2(), Optional.empty());
        CompletableFuture<Verdict> forward = call(profile, protocol.render(request, false), protocol, false);
        CompletableFuture<Verdict> swapped = call(profile, protocol.render(request, true), protocol, true);
        return forward.thenCombine(swapped, (f, s) -> new PairJudgement(pair.key(), pair.line(), profile.name(), pair.scenario(),
                pair.label(), f.label(), s.label(), f.status(), s.status(), f.text(), s.text()));
    }

    /** One order's verdict as a file label (null when there is none), its status and the judge's text. */
    private record Verdict(Integer label, String status, String text) {}

    private CompletableFuture<Verdict> call(JudgeProfile profile, RenderedPrompt prompt, PairwiseProtocol protocol,
                                            boolean swapped) {
        return calls.call(profile, prompt.text()).thenApply(answer -> {
            if (answer.failed()) return new Verdict(null, "JUDGE_FAILED", answer.text());
            PairwiseVerdict v = protocol.parse(answer.text());
            return new Verdict(v.preference().map(p -> label(p, swapped)).orElse(null), v.status().name(), v.rawText());
        });
    }

    /** A positional preference as the file's label: forward shows response 1 first, swapped shows response 2 first. */
    static int label(Preference p, boolean swapped) {
        return switch (p) {
            case TIE -> 2;
            case FIRST -> swapped ? 1 : 0;
            case SECOND -> swapped ? 0 : 1;
        };
    }
}
