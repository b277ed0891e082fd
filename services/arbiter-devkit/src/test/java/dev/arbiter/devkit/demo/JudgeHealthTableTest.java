package dev.arbiter.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class JudgeHealthTableTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void oneRowPerTemplateScenarioGroupAndPairSourceWithRatesOfTheirOwnCounts() {
        Tags single = Tags.of("model", "m", "template", "autoj-single", "template_version", "1", "scenario_group", "code");
        Tags pair = Tags.of("model", "m", "template", "autoj-pairwise", "template_version", "1", "scenario_group", "unknown",
                "source", "pairwise");
        Tags probe = pair.and("source", "probe");
        registry.counter("arbiter.judge.verdicts", single.and("status", "OK")).increment(3);
        registry.counter("arbiter.judge.verdicts", single.and("status", "PARSE_FAILED")).increment(1);
        registry.counter("arbiter.judge.hacking.flags", single).increment(2);
        registry.counter("arbiter.pairwise.consistency", pair.and("result", "consistent")).increment(7);
        registry.counter("arbiter.pairwise.consistency", pair.and("result", "inconsistent")).increment(3);
        registry.counter("arbiter.judge.position.preference", pair.and("shown", "first")).increment(13);
        registry.counter("arbiter.judge.position.preference", pair.and("shown", "second")).increment(7);
        registry.counter("arbiter.judge.length.preference", pair.and("winner", "longer")).increment(1);
        registry.counter("arbiter.judge.length.preference", pair.and("winner", "shorter")).increment(3);
        registry.counter("arbiter.pairwise.consistency", probe.and("result", "consistent")).increment(1);
        registry.counter("arbiter.judge.position.preference", probe.and("shown", "first")).increment(2);

        assertThat(JudgeHealthTable.render(registry).lines()).containsExactly(
                "template / scenario group              verdicts  parse-f    trunc  flagged   consistent    first   longer",
                "autoj-pairwise / unknown (pairwise)           -        -        -        -          70%      65%      25%",
                "autoj-pairwise / unknown (probe)              -        -        -        -         100%     100%        -",
                "autoj-single / code                           4      25%       0%      50%            -        -        -");
    }

    @Test
    void totalsSumEverySeriesForTheProgressLine() {
        Tags a = Tags.of("model", "m", "template", "t", "template_version", "1", "scenario_group", "code");
        Tags b = Tags.of("model", "m", "template", "t", "template_version", "1", "scenario_group", "unknown");
        registry.counter("arbiter.pairwise.consistency", a.and("result", "consistent")).increment(3);
        registry.counter("arbiter.pairwise.consistency", b.and("result", "inconsistent")).increment(1);
        registry.counter("arbiter.judge.verdicts", a.and("status", "OK")).increment(9);
        registry.counter("arbiter.judge.verdicts", b.and("status", "PARSE_FAILED")).increment(1);
        assertThat(JudgeHealthTable.totals(registry)).isEqualTo(new ProgressSnapshot.Health(3, 4, 1, 10));
    }

    @Test
    void anEmptyRegistrySaysSo() {
        assertThat(JudgeHealthTable.render(registry)).isEqualTo("(no judgements yet)");
    }
}
