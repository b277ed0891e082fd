package dev.arbiter.streams.health;

import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.RewardStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
    /** A judge and scenario group's grading meters, so a judgement costs no registry lookups. */
    private final Map<String, Graded> graded = new ConcurrentHashMap<>();
    private final Map<String, Counter> callsSpent = new ConcurrentHashMap<>();

    public JudgeHealthMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry);
    }

    public void record(Observation observation) {
        Observation.Dimensions dims = observation.dims();
        callsSpent.computeIfAbsent(dims.source().tag(), source -> registry.counter("arbiter.judge.calls.spent", "source", source))
                .increment(observation.judgeCalls());
        if (observation instanceof Observation.Graded g) {
            JudgeRef j = dims.judge();
            String key = j.getModel() + '\u001f' + j.getTemplate() + '\u001f' + j.getTemplateVersion() + '\u001f' + dims.scenarioGroup();
            graded.computeIfAbsent(key, k -> new Graded(tags(j, dims.scenarioGroup()))).record(g);
        } else {
            compared((Observation.Compared) observation, tags(dims.judge(), dims.scenarioGroup()).and("source", dims.source().tag()));
        }
    }

    /**
     * The meters of single grading under one set of tags. Each is made the first time it is
     * needed, as the registry would make it, so the exported series are the same as before the
     * cache: only what has happened shows.
     */
    private final class Graded {
        private final Tags tags;
        private final Map<RewardStatus, Counter> verdicts = new EnumMap<>(RewardStatus.class);
        private Counter truncations;
        private Counter hackingFlags;
        private DistributionSummary rating;
        private DistributionSummary voteAgreement;
        private Counter[] sums;

        Graded(Tags tags) {
            this.tags = tags;
        }

        synchronized void record(Observation.Graded g) {
            verdicts.computeIfAbsent(g.status(), s -> registry.counter("arbiter.judge.verdicts", tags.and("status", s.name())))
                    .increment();
            if (g.truncated()) {
                if (truncations == null) truncations = registry.counter("arbiter.judge.truncations", tags);
                truncations.increment();
            }
            if (g.hackingFlagged()) {
                if (hackingFlags == null) hackingFlags = registry.counter("arbiter.judge.hacking.flags", tags);
                hackingFlags.increment();
            }
            if (g.rating().isEmpty()) return;
            double y = g.rating().getAsDouble();
            if (rating == null) {
                rating = DistributionSummary.builder("arbiter.judge.rating").tags(tags).description("normalised rating (0-1) of OK rewards")
                        .serviceLevelObjectives(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0).register(registry);
            }
            rating.record(y);
            g.voteAgreement().ifPresent(agreement -> {
                if (voteAgreement == null) {
                    voteAgreement = DistributionSummary.builder("arbiter.judge.vote.agreement").tags(tags)
                            .serviceLevelObjectives(0.5, 0.6, 0.7, 0.8, 0.9, 1.0).register(registry);
                }
                voteAgreement.record(agreement);
            });
            if (sums == null) {
                sums = new Counter[SUM_TERMS.length];
                for (int i = 0; i < sums.length; i++) sums[i] = registry.counter("arbiter.judge.length.rating.sums", tags.and("term", SUM_TERMS[i]));
            }
            double x = g.responseKiloChars();
            double[] terms = {1, x, y, x * x, y * y, x * y};
            for (int i = 0; i < terms.length; i++) sums[i].increment(terms[i]);
        }
    }

    /** Terms of {@code arbiter.judge.length.rating.sums}, in the order {@link Graded#record} computes them. */
    private static final String[] SUM_TERMS = {"n", "x", "y", "xx", "yy", "xy"};

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

    private static Tags tags(JudgeRef judge, String scenarioGroup) {
        return Tags.of("model", judge.getModel(), "template", judge.getTemplate(),
                "template_version", judge.getTemplateVersion().isEmpty() ? "none" : judge.getTemplateVersion(),
                "scenario_group", scenarioGroup);
    }
}
