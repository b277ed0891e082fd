package dev.arbiter.devserver.scalar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.scalar.SentenceEmbeddings;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * all-MiniLM-L6-v2 really executed by ONNX Runtime on this machine's CPU (its native library ships
 * in the onnxruntime jar: a missing one fails here, it is never skipped).
 */
class SimilarityRewardModelTest {

    private static SimilarityRewardModel model;

    @BeforeAll
    static void load() {
        model = SimilarityRewardModel.load();
    }

    @Test
    void aParaphraseOfTheReferenceIsCloserToItThanAnUnrelatedAnswer() {
        float[][] e = model.embed(List.of(
                "The sky looks blue because air molecules scatter short blue wavelengths of sunlight more than red ones.",
                "Sunlight is scattered by the molecules of the air, and blue light, having a shorter wavelength, is scattered the most.",
                "To bake sourdough bread, feed the starter the night before and let the dough rise slowly in the fridge."));
        double paraphrase = SentenceEmbeddings.cosine(e[0], e[1]);
        double unrelated = SentenceEmbeddings.cosine(e[0], e[2]);
        assertThat(paraphrase).isGreaterThan(unrelated + 0.3);
        assertThat(paraphrase).isBetween(0.5, 1.0);
    }

    @Test
    void embeddingsHaveUnitLengthAndABatchGivesWhatSingleCallsGive() {
        List<String> texts = List.of("a short one", "a somewhat longer sentence about the weather in spring");
        float[][] batch = model.embed(texts);
        assertThat(batch).hasNumberOfRows(2);
        assertThat(batch[0]).hasSize(384);
        assertThat(SentenceEmbeddings.cosine(batch[0], batch[0])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        float[] alone = model.embed(List.of(texts.get(1)))[0];
        // Not exactly equal: the model is dynamically quantised, so its activations' int8 scales are
        // computed over the whole batch tensor. Measured here: cosine 0.993 for this pair.
        assertThat(SentenceEmbeddings.cosine(batch[1], alone)).as("batching barely moves an embedding")
                .isGreaterThan(0.98);
    }

    @Test
    void theSimilarityRewardModelScoresAParaphraseOfTheReferenceAboveAnUnrelatedAnswerInOneBatchedRun() {
        String reference = "Water boils at 100 degrees Celsius at sea level, and at lower temperatures higher up.";
        List<Double> scores = model.score(List.of(
                new SimilarityRewardModel.Item("At sea level water boils at one hundred degrees Celsius; on mountains it boils cooler.",
                        reference),
                new SimilarityRewardModel.Item("My favourite football team won the league three years in a row.", reference)));
        assertThat(scores.get(0)).isGreaterThan(scores.get(1) + 0.3);
    }
}
