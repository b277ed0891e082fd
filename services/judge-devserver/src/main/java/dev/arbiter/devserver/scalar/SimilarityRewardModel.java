package dev.arbiter.devserver.scalar;

import dev.arbiter.judge.scalar.SentenceEmbeddings;
import dev.arbiter.triton.proto.config.ModelConfig;
import dev.arbiter.triton.repository.ModelRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference-similarity reward model computed in one process, for measuring the model itself
 * without a network between: the score of a response is the cosine similarity of its
 * all-MiniLM-L6-v2 embedding with the reference answer's (the question's when there is none), in
 * [−1, 1]. A whole batch is one model run (both texts of every item encoded together), which is
 * what makes batching pay. Arbiter's client computes the same score from the served model's
 * token states.
 */
public final class SimilarityRewardModel {

    /** One row of a batch: the response and what it is compared with. */
    public record Item(String response, String reference) {
        public Item {
            Objects.requireNonNull(response);
            Objects.requireNonNull(reference);
        }
    }

    static final String MODEL = "all-minilm-l6-v2-q";
    static final int LENGTH = 128;
    static final int DIM = 384;

    private final OnnxModel model;
    private final SentenceEmbeddings embeddings;

    SimilarityRewardModel(OnnxModel model, SentenceEmbeddings embeddings) {
        this.model = Objects.requireNonNull(model);
        this.embeddings = Objects.requireNonNull(embeddings);
    }

    /** The quantised all-MiniLM-L6-v2 of the bundled model repository, and its tokenizer, from the langchain4j jar. */
    public static SimilarityRewardModel load() {
        ModelConfig config = ModelRepository.bundled().model(MODEL)
                .orElseThrow(() -> new IllegalStateException("the bundled model repository has no " + MODEL));
        return new SimilarityRewardModel(OnnxModel.of(config, Optional.empty()),
                SentenceEmbeddings.load("classpath:/all-minilm-l6-v2-q-tokenizer.json", LENGTH));
    }

    /** One unit-length embedding per text, computed in one model run. */
    public float[][] embed(List<String> texts) {
        SentenceEmbeddings.TokenRows rows = embeddings.tokenize(texts);
        float[] states = model.run(Map.of("input_ids", rows.ids(), "attention_mask", rows.mask(), "token_type_ids", rows.types()),
                rows.rows(), rows.length(), "last_hidden_state");
        return SentenceEmbeddings.pool(states, rows.mask(), rows.rows(), rows.length(), DIM);
    }

    public List<Double> score(List<Item> batch) {
        List<String> texts = new ArrayList<>(2 * batch.size());
        for (Item i : batch) {
            texts.add(i.response());
            texts.add(i.reference());
        }
        float[][] e = embed(texts);
        List<Double> scores = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) scores.add(SentenceEmbeddings.cosine(e[2 * i], e[2 * i + 1]));
        return scores;
    }
}
