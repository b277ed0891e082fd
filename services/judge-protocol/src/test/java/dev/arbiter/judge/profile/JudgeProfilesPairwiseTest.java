package dev.arbiter.judge.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.consolidate.Consolidation;
import dev.arbiter.judge.consolidate.OrderPolicy;
import dev.arbiter.judge.pairwise.PairwiseRequest;
import dev.arbiter.judge.template.ChatFormat;
import dev.arbiter.judge.transport.SamplingParameters;
import java.io.StringReader;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JudgeProfilesPairwiseTest {

    private final JudgeProfiles profiles = JudgeProfiles.standard();

    private static Properties props(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    private static final String BASE = """
            name=pair-only
            model=m
            context-window-tokens=4096
            sampling.max-tokens=512
            protocol.PAIRWISE.template=mtbench-pair
            protocol.PAIRWISE.template-version=2
            protocol.PAIRWISE.parser=mtbench-pair
            default-protocol=PAIRWISE
            """;

    @Test
    void bundledProfilesOfferTheirOwnPairwiseTemplateWithBothOrdersConservatively() {
        for (String name : JudgeProfilesTest.GENERATIVE) {
            JudgeProfile p = profiles.load(name);
            assertThat(p.supports(ProtocolKind.PAIRWISE)).as(name).isTrue();
            assertThat(p.grading(ProtocolKind.PAIRWISE)).isEmpty();
            assertThat(p.pairwiseSettings()).isEqualTo(new PairwiseSettings(OrderPolicy.BOTH, Consolidation.CONSERVATIVE));
            assertThat(p.voting().samples()).isEqualTo(1);
            assertThat(p.defaultProtocol()).isEqualTo(ProtocolKind.SINGLE);
        }
        assertThat(profiles.load("auto-j-13b").pairwise().orElseThrow().templateId()).isEqualTo("autoj-pairwise");
        assertThat(profiles.load("auto-j-13b-gptq").pairwise().orElseThrow().templateId()).isEqualTo("autoj-pairwise");
        assertThat(profiles.load("mtbench-judge").pairwise().orElseThrow().templateId()).isEqualTo("mtbench-pair");
    }

    @Test
    void pairwiseOnlyProfileWithPoliciesAndVotingLoads() throws Exception {
        JudgeProfile p = profiles.fromProperties(props(BASE + """
                protocol.PAIRWISE.order-policy=random-one
                protocol.PAIRWISE.consolidation=LENIENT
                vote.samples=5
                vote.temperature=0.8
                sampling.seed=100
                """));
        assertThat(p.protocols()).isEmpty();
        assertThat(p.pairwiseSettings()).isEqualTo(new PairwiseSettings(OrderPolicy.RANDOM_ONE, Consolidation.LENIENT));
        assertThat(p.voting()).isEqualTo(new VoteSettings(5, 0.8));
        assertThat(p.pairwise().orElseThrow().render(PairwiseRequest.of("q", "a", "b"), false).text())
                .contains("[The Start of Assistant A's Answer]\na\n");
        SamplingParameters third = p.voting().forSample(p.sampling(), 2);
        assertThat(third.temperature()).isEqualTo(0.8);
        assertThat(third.seed()).hasValue(102);
        assertThat(third.maxTokens()).isEqualTo(512);
    }

    @Test
    void singleSampleKeepsTheProfilesOwnSampling() {
        SamplingParameters greedy = new SamplingParameters(0.0, 1.0, 100, OptionalLong.of(9));
        assertThat(VoteSettings.SINGLE.forSample(greedy, 0)).isEqualTo(greedy);
        assertThat(new VoteSettings(3, 0.7).forSample(SamplingParameters.greedy(100), 1).seed()).isEmpty();
        assertThatThrownBy(() -> VoteSettings.SINGLE.forSample(greedy, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void misconfiguredPairwiseOrVotingFailsAtLoad() throws Exception {
        assertThatThrownBy(() -> profiles.fromProperties(props(BASE.replace("parser=mtbench-pair", "parser=rating-brackets"))))
                .hasMessageContaining("unknown pairwise verdict parser");
        assertThatThrownBy(() -> profiles.fromProperties(props(BASE.replace("template=mtbench-pair", "template=autoj-single")
                .replace("template-version=2", "template-version=1"))))
                .hasMessageContaining("{response_1}");
        assertThatThrownBy(() -> profiles.fromProperties(props(BASE + "protocol.PAIRWISE.order-policy=SOMETIMES\n")))
                .hasMessageContaining("order-policy");
        assertThatThrownBy(() -> profiles.fromProperties(props(BASE + "vote.samples=3\nvote.temperature=0\n")))
                .hasMessageContaining("vote.temperature > 0");
        assertThatThrownBy(() -> profiles.fromProperties(props(BASE.replace("default-protocol=PAIRWISE", "default-protocol=SINGLE"))))
                .hasMessageContaining("default protocol SINGLE not offered");
    }

    @Test
    void withModelKeepsPairwiseAndVotingWhileTheModelNameChanges() throws Exception {
        JudgeProfile p = profiles.fromProperties(props(BASE + "vote.samples=3\n"));
        JudgeProfile renamed = p.withModel("mtbench-judge-canary");
        assertThat(renamed.model()).isEqualTo("mtbench-judge-canary");
        assertThat(renamed.pairwise()).isEqualTo(p.pairwise());
        assertThat(renamed.voting().samples()).isEqualTo(3);
        assertThat(renamed.pairwiseSettings()).isEqualTo(p.pairwiseSettings());
    }

    @Test
    void sevenArgumentConstructorStillBuildsAProfileWithoutPairwise() {
        GradingProtocol single = profiles.load("auto-j-13b").grading(ProtocolKind.SINGLE).orElseThrow();
        JudgeProfile p = new JudgeProfile("x", "m", ChatFormat.LLAMA2, 4096, SamplingParameters.greedy(64),
                ProtocolKind.SINGLE, Map.of(ProtocolKind.SINGLE, single));
        assertThat(p.pairwise()).isEmpty();
        assertThat(p.supports(ProtocolKind.PAIRWISE)).isFalse();
        assertThat(p.pairwiseSettings()).isEqualTo(PairwiseSettings.DEFAULT);
        assertThat(p.voting()).isEqualTo(VoteSettings.SINGLE);
        assertThatThrownBy(() -> new JudgeProfile("x", "m", ChatFormat.LLAMA2, 4096, SamplingParameters.greedy(64),
                ProtocolKind.PAIRWISE, Map.of(ProtocolKind.SINGLE, single)))
                .hasMessageContaining("not offered");
    }
}
