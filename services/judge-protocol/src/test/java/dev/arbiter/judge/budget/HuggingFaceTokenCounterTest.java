package dev.arbiter.judge.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.judge.GradingRequest;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.profile.JudgeProfiles;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Exact counting through the HuggingFace tokenizers binding, with a small word-level
 * tokenizer.json written for this test (one token per word or punctuation mark).
 */
class HuggingFaceTokenCounterTest {

    private static Path tokenizer() throws Exception {
        return Path.of(HuggingFaceTokenCounterTest.class.getResource("/tokenizers/word-level-test-tokenizer.json").toURI());
    }

    @Test
    void countsTokensWithTheGivenTokenizerNotTheEstimate() throws Exception {
        try (HuggingFaceTokenCounter counter = HuggingFaceTokenCounter.fromFile(tokenizer())) {
            assertThat(counter.count("Why is the sky blue?")).isEqualTo(6);
            assertThat(counter.count("supercalifragilistic")).isEqualTo(1);
            assertThat(counter.count("")).isZero();
            assertThat(new EstimatingTokenCounter().count("supercalifragilistic")).isGreaterThan(1);
        }
    }

    @Test
    void budgetFitsByExactCountsWhenTheProfileNamesATokenizer() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/judge-profiles/auto-j-13b-gptq.properties")) {
            p.load(in);
        }
        p.setProperty("tokenizer.path", tokenizer().toString());
        p.setProperty("context-window-tokens", "1200");
        p.setProperty("sampling.max-tokens", "200");
        var single = JudgeProfiles.standard().fromProperties(p).grading(ProtocolKind.SINGLE).orElseThrow();
        RenderedPrompt fits = single.render(GradingRequest.of("Why is the sky blue?", "word ".repeat(700)));
        RenderedPrompt cut = single.render(GradingRequest.of("Why is the sky blue?", "word ".repeat(1200)));
        // 700 one-token words fit in 1000 tokens of room by exact count, though the character
        // estimate (3,500 characters / 3.5) would already call them 1000 tokens and cut.
        assertThat(fits.truncated()).isFalse();
        assertThat(cut.truncated()).isTrue();
        try (HuggingFaceTokenCounter counter = HuggingFaceTokenCounter.fromFile(tokenizer())) {
            assertThat(counter.count(cut.text())).isLessThanOrEqualTo(1000);
            assertThat(cut.promptTokens()).isEqualTo(counter.count(cut.text()));
        }
    }

    @Test
    void aMissingTokenizerFileFailsAtProfileLoad() {
        Properties p = new Properties();
        p.setProperty("name", "x");
        p.setProperty("model", "m");
        p.setProperty("context-window-tokens", "4096");
        p.setProperty("sampling.max-tokens", "100");
        p.setProperty("tokenizer.path", "/no/such/tokenizer.json");
        p.setProperty("protocol.SINGLE.template", "autoj-single");
        p.setProperty("protocol.SINGLE.template-version", "1");
        p.setProperty("protocol.SINGLE.parser", "rating-brackets");
        p.setProperty("protocol.SINGLE.scale-min", "1");
        p.setProperty("protocol.SINGLE.scale-max", "10");
        assertThatThrownBy(() -> JudgeProfiles.standard().fromProperties(p)).hasMessageContaining("not readable");
    }
}
