package dev.arbiter.devkit.demo;

import dev.arbiter.schema.BestOfN;
import dev.arbiter.schema.Critique;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.RankedCandidate;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Formats a few results for the end of the demo: best-of-N records as Arbiter selected them, each
 * candidate with its reward, response style, advantage and the first words of the judge's
 * critique, so a reader sees at a glance whether the judge put the good answer first; and
 * pairwise results. Pure formatting: values in, strings out.
 */
public final class SamplePrinter {

    private final int critiqueChars;

    /** @param critiqueChars longest critique excerpt, in characters */
    public SamplePrinter(int critiqueChars) {
        if (critiqueChars < 10) throw new IllegalArgumentException("critiqueChars must be >= 10");
        this.critiqueChars = critiqueChars;
    }

    /**
     * Up to {@code maxGroups} best-of-N records, as Arbiter wrote them to its best-of-N topic, each
     * with its candidates' rewards and critiques; single rewards when no group has closed yet.
     */
    public String samples(List<BestOfN> selections, List<Reward> rewards, List<Critique> critiques, int maxGroups) {
        if (selections.isEmpty()) {
            return rewards.stream().limit(maxGroups).map(this::reward).collect(Collectors.joining("\n"));
        }
        Map<String, Reward> rewardById = rewards.stream()
                .collect(Collectors.toMap(Reward::getCandidateId, Function.identity(), (a, b) -> a));
        Map<String, Critique> critiqueById = critiques.stream()
                .collect(Collectors.toMap(Critique::getCandidateId, Function.identity(), (a, b) -> a));
        return selections.stream().limit(maxGroups).map(b -> selection(b, rewardById, critiqueById))
                .collect(Collectors.joining("\n\n"));
    }

    /**
     * One group in the order of its best-of-N record's ranking (the selection is Arbiter's, not
     * re-sorted here), each candidate with its reward line, group-relative advantage and critique.
     */
    public String selection(BestOfN b, Map<String, Reward> rewardById, Map<String, Critique> critiqueById) {
        Reward any = b.getRanking().stream().map(c -> rewardById.get(c.getCandidateId())).filter(r -> r != null)
                .findFirst().orElse(null);
        String prompt = any == null ? b.getPromptId() : any.getMetadata().getOrDefault(DemoLoad.PROMPT_METADATA, b.getPromptId());
        StringBuilder out = new StringBuilder("prompt ").append(prompt).append(" (")
                .append(b.getComplete() ? b.getGroupSize() + " candidates" : b.getReceived() + " of " + b.getGroupSize()
                        + " candidates, closed by " + b.getClosedBy())
                .append(", ").append(b.getStrategy());
        if (!b.getMatches().isEmpty()) out.append(", ").append(b.getMatches().size()).append(" matches");
        out.append("; best first)");
        for (RankedCandidate c : b.getRanking()) {
            Reward r = rewardById.get(c.getCandidateId());
            out.append("\n  ").append(c.getRank() == null ? "-" : c.getRank().toString()).append(". ")
                    .append(r == null ? "#" + c.getGroupIndex() + "/" + b.getGroupSize() + " " + c.getStatus() : reward(r));
            if (c.getAdvantage() != null) out.append(String.format(Locale.ROOT, "  advantage %+.2f", c.getAdvantage()));
            Critique critique = critiqueById.get(c.getCandidateId());
            if (critique != null) out.append("\n       ").append('"').append(shorten(critique.getText(), critiqueChars)).append('"');
        }
        return out.toString();
    }

    /** e.g. {@code #2/4 reward 0.78 (rating 8/10) GOOD 1.2 s} or {@code #0/4 reward - PARSE_FAILED OFF_TOPIC 0.9 s}. */
    public String reward(Reward r) {
        StringBuilder out = new StringBuilder()
                .append('#').append(r.getGroupIndex()).append('/').append(r.getGroupSize()).append(' ');
        if (r.getStatus() == RewardStatus.OK && r.getReward() != null) {
            out.append("reward ").append(String.format(Locale.ROOT, "%.2f", r.getReward()));
            if (r.getRawRating() != null) {
                out.append(" (rating ").append(number(r.getRawRating())).append('/').append(number(r.getRatingMax())).append(')');
            }
        } else {
            out.append("reward - ").append(r.getStatus());
        }
        String style = r.getMetadata().get(DemoLoad.STYLE_METADATA);
        if (style != null) out.append("  ").append(style);
        out.append("  ").append(String.format(Locale.ROOT, "%.1f s", r.getJudgeLatencyMs() / 1000.0));
        if (!r.getFlags().isEmpty()) out.append("  ").append(r.getFlags());
        return out.toString();
    }

    /**
     * One pairwise result, e.g. {@code prompt demo-007: A GOOD vs B TERSE -> winner A (consistent; FORWARD:FIRST SWAPPED:SECOND)}:
     * the styles tell the reader which answer was the better one, the raw verdicts show both orders.
     */
    public String pair(PairwiseResult p) {
        Map<String, String> meta = p.getMetadata();
        StringBuilder out = new StringBuilder("prompt ")
                .append(meta.getOrDefault(DemoLoad.PROMPT_METADATA, p.getPromptId())).append(": A ")
                .append(meta.getOrDefault(DemoLoad.STYLE_A_METADATA, "?")).append(" vs B ")
                .append(meta.getOrDefault(DemoLoad.STYLE_B_METADATA, "?")).append(" -> ");
        String verdicts = p.getJudgements().stream()
                .map(j -> j.getOrder() + ":" + (j.getPreference() == null ? j.getStatus() : j.getPreference()))
                .collect(Collectors.joining(" "));
        if (p.getStatus() != RewardStatus.OK) {
            return out.append(p.getStatus()).append(" (").append(verdicts).append(')').toString();
        }
        out.append("winner ").append(p.getWinner());
        if (!p.getConsistencyMeasured()) {
            out.append(" (one order");
        } else {
            out.append(p.getConsistent() ? " (consistent" : " (inconsistent");
            if (p.getPositionBias() != null) out.append(", position bias ").append(p.getPositionBias());
        }
        return out.append("; ").append(verdicts).append(')').toString();
    }

    /** e.g. {@code 3f2a9c1e "The response answers the question directly …"}. */
    public String critique(Critique c) {
        String id = c.getCandidateId();
        return id.substring(0, Math.min(8, id.length())) + " \"" + shorten(c.getText(), critiqueChars) + "\"";
    }

    /**
     * Collapses whitespace and cuts {@code text} to at most {@code max} characters at a word
     * boundary, marking the cut with an ellipsis.
     */
    public static String shorten(String text, int max) {
        String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.length() <= max) return flat;
        int cut = flat.lastIndexOf(' ', max - 1);
        if (cut < max / 2) cut = max - 1;
        return flat.substring(0, cut).stripTrailing() + "…";
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
