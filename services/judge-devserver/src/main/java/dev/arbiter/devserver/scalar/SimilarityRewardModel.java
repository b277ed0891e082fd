package dev.arbiter.devserver.scalar;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A reference-similarity reward model on {@link MiniLmEncoder}: the score of a response is the
 * cosine similarity of its embedding with the reference answer's, or with the question's when
 * there is no reference, in [−1, 1]. A whole batch is one model run (both texts of every item
 * encoded together), which is what makes batching pay.
 */
public final class SimilarityRewardModel {

    /** One row of a batch: the response and what it is compared with. */
    public record Item(String response, String reference) {
        public Item {
            Objects.requireNonNull(response);
            Objects.requireNonNull(reference);
        }
    }

    private final MiniLmEncoder encoder;

    public SimilarityRewardModel(MiniLmEncoder encoder) {
        this.encoder = Objects.requireNonNull(encoder);
    }

    public List<Double> score(List<Item> batch) {
        List<String> texts = new ArrayList<>(2 * batch.size());
        for (Item i : batch) {
            texts.add(i.response());
            texts.add(i.reference());
        }
        float[][] e = encoder.encode(texts);
        List<Double> scores = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) scores.add(MiniLmEncoder.cosine(e[2 * i], e[2 * i + 1]));
        return scores;
    }
}
