package dev.arbiter.judge.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.scalar.ScalarModel;
import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JudgeProfilesTest {

    /** The bundled profiles of generative judges. */
    static final java.util.List<String> GENERATIVE = java.util.List.of("auto-j-13b", "auto-j-13b-gptq", "mtbench-judge");


    private final JudgeProfiles profiles = JudgeProfiles.standard();

    @Test
    void everyBundledGenerativeProfileLoadsWithItsModelAndProtocols() {
        for (String name : GENERATIVE) {
            JudgeProfile p = profiles.load(name);
            assertThat(p.name()).isEqualTo(name);
            assertThat(p.model()).isEqualTo(name);
            assertThat(p.contextWindowTokens()).isEqualTo(4096);
            assertThat(p.sampling().temperature()).isZero();
            assertThat(p.supports(ProtocolKind.SINGLE)).isTrue();
            assertThat(p.supports(ProtocolKind.REFERENCE_GUIDED)).isTrue();
            assertThat(p.supports(ProtocolKind.ADDITIVE)).isTrue();
        }
    }

    @Test
    void theScalarProfileNamesItsModelTensorsAndRangeAndGradesOnlyWhatAScoreCan() {
        JudgeProfile p = profiles.load("minilm-similarity");
        assertThat(p.isScalar()).isTrue();
        assertThat(p.model()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(p.supports(ProtocolKind.SINGLE)).isTrue();
        assertThat(p.supports(ProtocolKind.REFERENCE_GUIDED)).isTrue();
        assertThat(p.supports(ProtocolKind.ADDITIVE)).isFalse();
        assertThat(p.supports(ProtocolKind.PAIRWISE)).isFalse();
        ScalarModel s = p.scalar().orElseThrow();
        assertThat(s.maxCandidatesPerCall()).isEqualTo(16);
        assertThat(s.tokenTypeIds()).hasValue("token_type_ids");
        assertThat(s.reward(-1)).isZero();
        assertThat(s.reward(0.5)).isEqualTo(0.75);
        assertThat(s.reward(3)).isEqualTo(1.0);
        assertThat(s.outOfRange(3)).isTrue();
    }

    @Test
    void aScalarProfileRefusesGenerativeKeysAndAnUnknownKindIsRefused() throws Exception {
        Properties p = new Properties();
        try (var in = JudgeProfiles.class.getClassLoader().getResourceAsStream("judge-profiles/minilm-similarity.properties")) {
            p.load(in);
        }
        p.setProperty("sampling.max-tokens", "64");
        assertThatThrownBy(() -> profiles.fromProperties(p)).hasMessageContaining("'sampling.max-tokens' does not apply");
        p.remove("sampling.max-tokens");
        p.setProperty("kind", "classifier");
        assertThatThrownBy(() -> profiles.fromProperties(p)).hasMessageContaining("kind must be generative or scalar");
    }

    @Test
    void profileFromPropertiesUsesTheConfiguredModelTemplateAndScale() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader("""
                name=tiny
                model=my-triton-model
                chat-format=RAW
                context-window-tokens=2048
                sampling.max-tokens=256
                sampling.seed=7
                protocol.ADDITIVE.template=selfreward-additive
                protocol.ADDITIVE.template-version=1
                protocol.ADDITIVE.parser=additive-score
                protocol.ADDITIVE.scale-min=0
                protocol.ADDITIVE.scale-max=5
                default-protocol=ADDITIVE
                """));
        JudgeProfile profile = profiles.fromProperties(p);
        assertThat(profile.model()).isEqualTo("my-triton-model");
        assertThat(profile.sampling().seed()).hasValue(7);
        assertThat(profile.supports(ProtocolKind.SINGLE)).isFalse();
        assertThat(profile.grading(ProtocolKind.ADDITIVE).orElseThrow().render(dev.arbiter.judge.GradingRequest.of("q", "r")).text())
                .startsWith("Review the user's question");
    }

    @Test
    void misconfiguredProfilesFailAtLoad() {
        Properties p = new Properties();
        p.setProperty("name", "bad");
        p.setProperty("model", "m");
        p.setProperty("context-window-tokens", "4096");
        p.setProperty("sampling.max-tokens", "100");
        p.setProperty("protocol.SINGLE.template", "no-such-template");
        p.setProperty("protocol.SINGLE.template-version", "1");
        p.setProperty("protocol.SINGLE.parser", "rating-brackets");
        p.setProperty("protocol.SINGLE.scale-min", "1");
        p.setProperty("protocol.SINGLE.scale-max", "10");
        assertThatThrownBy(() -> profiles.fromProperties(p)).hasMessageContaining("no template no-such-template");
        p.setProperty("protocol.SINGLE.template", "autoj-single");
        p.setProperty("protocol.SINGLE.parser", "guess");
        assertThatThrownBy(() -> profiles.fromProperties(p)).hasMessageContaining("unknown verdict parser");
        assertThatThrownBy(() -> profiles.load("gpt-17")).hasMessageContaining("unknown judge profile");
    }
}
