package dev.arbiter.triton.scalar;

import dev.arbiter.judge.scalar.ScalarModel;
import dev.arbiter.judge.scalar.SentenceEmbeddings;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import dev.arbiter.judge.transport.Score;
import dev.arbiter.judge.transport.ScoreRequest;
import dev.arbiter.triton.batching.DynamicBatcher;
import dev.arbiter.triton.client.InferOutputs;
import dev.arbiter.triton.client.TritonClient;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.tensor.TensorCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Scores candidates with a sentence encoder served by Triton (a batching ONNX model): concurrent
 * {@link ScoreRequest}s are gathered by a client-side {@link DynamicBatcher} (up to half the
 * model's batch rows, since a candidate takes two, within the profile's queue delay, with a
 * bounded number of calls in flight) and sent as one unary {@code ModelInfer} whose rows are the
 * batch's distinct texts: the N candidates of one prompt share the row of their common
 * reference. The token states that come back are mean-pooled here, and each score is the cosine
 * of a response's vector and its reference's. Triton's own dynamic batcher may merge these calls
 * further on the server.
 */
public final class EmbeddingSimilarityScorer implements AutoCloseable {

    private record Pending(ScoreRequest request, long submittedNanos) {}

    private final TritonClient client;
    private final String model;
    private final String modelVersion;
    private final ScalarModel spec;
    private final SentenceEmbeddings embeddings;
    private final DynamicBatcher<Pending, Score> batcher;

    public EmbeddingSimilarityScorer(TritonClient client, String model, String modelVersion, ScalarModel spec) {
        this.client = client;
        this.model = model;
        this.modelVersion = modelVersion;
        this.spec = spec;
        this.embeddings = SentenceEmbeddings.load(spec.tokenizer(), spec.sequenceLength());
        int candidates = spec.maxCandidatesPerCall();
        this.batcher = new DynamicBatcher<>(new DynamicBatcher.Settings(candidates, List.of(candidates), spec.queueDelay(),
                spec.concurrentCalls()), this::call, "arbiter-scalar-batcher-" + model);
    }

    public CompletableFuture<Score> score(ScoreRequest request) {
        return batcher.submit(List.of(new Pending(request, System.nanoTime()))).thenApply(scores -> scores.get(0));
    }

    /** How well client-side batching has worked. */
    public DynamicBatcher.Stats stats() {
        return batcher.stats();
    }

    private CompletableFuture<List<Score>> call(List<Pending> batch) {
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        int[][] pairs = new int[batch.size()][2];
        Duration deadline = null;
        for (int i = 0; i < batch.size(); i++) {
            ScoreRequest r = batch.get(i).request();
            pairs[i][0] = rowOf.computeIfAbsent(r.response(), t -> rowOf.size());
            pairs[i][1] = rowOf.computeIfAbsent(r.comparedWith(), t -> rowOf.size());
            deadline = deadline == null || r.deadline().compareTo(deadline) < 0 ? r.deadline() : deadline;
        }
        SentenceEmbeddings.TokenRows rows = embeddings.tokenize(new ArrayList<>(rowOf.keySet()));
        ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model).setModelVersion(modelVersion)
                .setId(batch.get(0).request().requestId() + "+" + (batch.size() - 1));
        addInput(b, spec.inputIds(), rows, rows.ids());
        addInput(b, spec.attentionMask(), rows, rows.mask());
        spec.tokenTypeIds().ifPresent(name -> addInput(b, name, rows, rows.types()));
        b.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(spec.output()));
        return client.infer(b.build(), deadline).thenApply(response -> {
            float[] states;
            float[][] vectors;
            try {
                states = InferOutputs.of(response).floats(spec.output()).orElseThrow(
                        () -> new IllegalArgumentException("no output '" + spec.output() + "'"));
                vectors = SentenceEmbeddings.pool(states, rows.mask(), rows.rows(), rows.length(), spec.hiddenSize());
            } catch (IllegalArgumentException e) {
                throw new CompletionException(new JudgeTransportException(Kind.MODEL_ERROR, "model '" + model + "' at Triton "
                        + client.target() + " answered with outputs that are not token states: " + e.getMessage(), e));
            }
            long now = System.nanoTime();
            List<Score> scores = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                double cosine = SentenceEmbeddings.cosine(vectors[pairs[i][0]], vectors[pairs[i][1]]);
                scores.add(new Score(batch.get(i).request().requestId(), cosine, rows.rows(),
                        Duration.ofNanos(now - batch.get(i).submittedNanos())));
            }
            return scores;
        });
    }

    private static void addInput(ModelInferRequest.Builder b, String name, SentenceEmbeddings.TokenRows rows, long[] values) {
        b.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype("INT64")
                .addShape(rows.rows()).addShape(rows.length()));
        b.addRawInputContents(TensorCodec.encodeInt64s(values));
    }

    @Override
    public void close() {
        batcher.close();
        embeddings.close();
    }
}
