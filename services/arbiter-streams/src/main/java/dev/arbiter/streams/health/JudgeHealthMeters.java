package dev.arbiter.streams.health;

import dev.arbiter.schema.JudgeRef;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.Objects;

/**
 * How the judge itself is doing, as Micrometer meters, per judge model, template and template
 * version, and Auto-J scenario group (a bounded tag: see
 * {@link dev.arbiter.judge.scenario.ScenarioGroups}); the pairwise measures also by
 * {@code source} (pairwise requests or Arbiter's own probes). Counters and histograms only, so
 * every rate and share is computed in Prometheus over any window and summed across instances:
 * <ul>
 *   <li>parse-failure rate: {@code arbiter.judge.verdicts{status}};</li>
 *   <li>truncation and reward-hacking flag rates: {@code arbiter.judge.truncations},
 *       {@code arbiter.judge.hacking.flags} over the verdicts;</li>
 *   <li>the rating distribution (normalised reward, 0–1): {@code arbiter.judge.rating};</li>
 *   <li>vote agreement with majority vote on: {@code arbiter.judge.vote.agreement};</li>
 *   <li>rating against response length in single grading: the sums
 *       {@code arbiter.judge.length.rating.sums{term}} from which Pearson's correlation is
 *       computed (n, x, y, xx, yy, xy with x = response length in thousands of characters);</li>
 *   <li>position consistency: {@code arbiter.pairwise.consistency{result}};</li>
 *   <li>first-position preference and tie rate: {@code arbiter.judge.position.preference{shown}}
 *       over every parsed pairwise judgement (shown = first, second, tie);</li>
 *   <li>verbosity bias in pairs: {@code arbiter.judge.length.preference{winner}} (the longer or
 *       the shorter response won, or a tie) over consolidated results with a winner;</li>
 *   <li>what judging cost: {@code arbiter.judge.calls.spent{source}}, judge calls per source
 *       (grading, pairwise, probe), retries included.</li>
 * </ul>
 */
public final class JudgeHealthMeters {

    private final MeterRegistry registry;

    public JudgeHealthMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry);
    }

    public void record(Observation observation) {
        Observation.Dimensions dims = observation.dims();
        registry.counter("arbiter.judge.calls.spent", "source", dims.source().tag()).increment(observation.judgeCalls());
        Tags tags = tags(dims.judge(), dims.scenarioGroup());
        if (observation instanceof Observation.Graded g) graded(g, tags);
        else compared((Observation.Compared) observation, tags.and("source", dims.source().tag()));
    }

    private void graded(Observation.Graded g, Tags tags) {
        registry.counter("arbiter.judge.verdicts", tags.and("status", g.status().name())).increment();
        if (g.truncated()) registry.counter("arbiter.judge.truncations", tags).increment();
        if (g.hackingFlagged()) registry.counter("arbiter.judge.hacking.flags", tags).increment();
        if (g.rating().isEmpty()) return;
        double y = g.rating().getAsDouble();
        DistributionSummary.builder("arbiter.judge.rating").tags(tags).description("normalised rating (0-1) of OK rewards")
                .serviceLevelObjectives(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
                .register(registry).record(y);
        g.voteAgreement().ifPresent(agreement -> DistributionSummary.builder("arbiter.judge.vote.agreement").tags(tags)
                .serviceLevelObjectives(0.5, 0.6, 0.7, 0.8, 0.9, 1.0).register(registry).record(agreement));
        double x = g.responseKiloChars();
        sum(tags, "n", 1);
        sum(tags, "x", x);
        sum(tags, "y", y);
        sum(tags, "xx", x * x);
        sum(tags, "yy", y * y);
        sum(tags, "xy", x * y);
    }

    private void compared(Observation.Compared c, Tags tags) {
        if (c.measured()) {
            registry.counter("arbiter.pairwise.consistency", tags.and("result", c.consistent() ? "consistent" : "inconsistent"))
                    .increment();
        }
        shown(tags, "first", c.shownFirst());
        shown(tags, "second", c.shownSecond());
        shown(tags, "tie", c.shownTie());
        if (c.lengthWinner() != Observation.LengthWinner.NOT_COUNTED) {
            registry.counter("arbiter.judge.length.preference", tags.and("winner", c.lengthWinner().name().toLowerCase(Locale.ROOT)))
                    .increment();
        }
    }

    private void shown(Tags tags, String shown, int count) {
        if (count > 0) registry.counter("arbiter.judge.position.preference", tags.and("shown", shown)).increment(count);
    }

    private void sum(Tags tags, String term, double value) {
        registry.counter("arbiter.judge.length.rating.sums", tags.and("term", term)).increment(value);
    }

    private static Tags tags(JudgeRef judge, String scenarioGroup) {
        return Tags.of("model", judge.getModel(), "template", judge.getTemplate(),
                "template_version", judge.getTemplateVersion().isEmpty() ? "none" : judge.getTemplateVersion(),
                "scenario_group", scenarioGroup);
    }
}
