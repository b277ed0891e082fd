package dev.arbiter.triton.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.scalar.ScalarModel;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.JudgeRequest;
import dev.arbiter.judge.transport.Score;
import dev.arbiter.judge.transport.ScoreRequest;
import dev.arbiter.triton.batching.DynamicBatcher;
import dev.arbiter.triton.scalar.EmbeddingSimilarityScorer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import dev.arbiter.judge.transport.JudgeTransport;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import dev.arbiter.triton.client.TritonClient;
import dev.arbiter.triton.client.TritonClientConfig;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link JudgeTransport} over Triton. Scalar reward models are scored through batched unary calls
 * ({@link #score}). Generative judges go through Triton's vLLM backend: it encodes each {@link GenerationRequest} with
 * {@link VllmRequestEncoder}, sends it on the client's shared stream (STREAM mode, for decoupled
 * models) or as a unary call (UNARY mode), decodes the answer with {@link VllmGenerationDecoder}
 * and records {@link JudgeCallMetrics}. Never blocks the caller; failures are
 * {@link JudgeTransportException}s whose kind says whether to retry.
 */
public final class TritonJudgeTransport implements JudgeTransport {

    private final TritonClient client;
    private final boolean ownsClient;
    private final TritonJudgeConfig config;
    private final VllmRequestEncoder encoder;
    private final VllmGenerationDecoder decoder = new VllmGenerationDecoder();
    private final JudgeCallMetrics metrics;
    private final Map<String, EmbeddingSimilarityScorer> scorers = new HashMap<>();

    /** Uses a client owned by the caller; {@code registry} may be null (no metrics). */
    public TritonJudgeTransport(TritonClient client, TritonJudgeConfig config, MeterRegistry registry) {
        this(client, false, config, registry, Map.of());
    }

    private TritonJudgeTransport(TritonClient client, boolean ownsClient, TritonJudgeConfig config, MeterRegistry registry,
                                 Map<String, ScalarModel> scalarModels) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.config = config;
        this.encoder = new VllmRequestEncoder(new ObjectMapper(), config);
        this.metrics = new JudgeCallMetrics(registry);
        scalarModels.forEach((model, spec) -> scorers.put(model,
                new EmbeddingSimilarityScorer(client, model, config.modelVersion(), spec)));
    }

    /** Connects to Triton with its own client, closed with this transport. */
    public static TritonJudgeTransport connect(TritonClientConfig clientConfig, TritonJudgeConfig config,
            MeterRegistry registry) {
        return connect(clientConfig, config, registry, Map.of());
    }

    /**
     * Connects to Triton with its own client, and scores with the given scalar reward models
     * (Triton model name to its description), each batched on the client by its own scorer.
     */
    public static TritonJudgeTransport connect(TritonClientConfig clientConfig, TritonJudgeConfig config,
            MeterRegistry registry, Map<String, ScalarModel> scalarModels) {
        return new TritonJudgeTransport(TritonClient.connect(clientConfig), true, config, registry, scalarModels);
    }

    /**
     * Scores through the model's {@link EmbeddingSimilarityScorer}, which sends several requests in
     * one batched {@code ModelInfer}; a model not configured as scalar is an invalid request.
     */
    @Override
    public CompletableFuture<Score> score(ScoreRequest request) {
        EmbeddingSimilarityScorer scorer = scorers.get(request.model());
        if (scorer == null) return JudgeTransport.super.score(request);
        metrics.started();
        CompletableFuture<Score> outcome = new CompletableFuture<>();
        scorer.score(request).whenComplete((score, failure) -> {
            if (failure == null) {
                metrics.succeeded(request.model(), score.latency());
                outcome.complete(score);
            } else {
                JudgeTransportException classified = asTransportFailure(request, failure);
                metrics.failed(request.model(), classified.kind().name());
                outcome.completeExceptionally(classified);
            }
        });
        return outcome;
    }

    /** The client-side batching counters of a scalar model, if it is one. */
    public Optional<DynamicBatcher.Stats> scalarBatching(String model) {
        return Optional.ofNullable(scorers.get(model)).map(EmbeddingSimilarityScorer::stats);
    }

    @Override
    public CompletableFuture<Generation> generate(GenerationRequest request) {
        metrics.started();
        CompletableFuture<Generation> result;
        try {
            ModelInferRequest inferRequest = encoder.encode(request);
            result = switch (config.mode()) {
                case STREAM -> client.streamInfer(inferRequest, request.deadline())
                        .thenApply(s -> decode(request, s.responses(), s.latency()));
                case UNARY -> {
                    long start = System.nanoTime();
                    yield client.infer(inferRequest, request.deadline())
                            .thenApply(r -> decode(request, List.of(r), Duration.ofNanos(System.nanoTime() - start)));
                }
            };
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        // Completed directly (not via handle/throw) so callers see the JudgeTransportException
        // itself rather than one wrapped in a CompletionException.
        CompletableFuture<Generation> outcome = new CompletableFuture<>();
        result.whenComplete((generation, failure) -> {
            if (failure == null) {
                metrics.succeeded(request.model(), generation.latency());
                outcome.complete(generation);
            } else {
                JudgeTransportException classified = asTransportFailure(request, failure);
                metrics.failed(request.model(), classified.kind().name());
                outcome.completeExceptionally(classified);
            }
        });
        return outcome;
    }

    /**
     * Completes when the judge model is ready; fails fast with MODEL_NOT_FOUND when Triton does
     * not have it (a configuration error), or with MODEL_NOT_READY / UNAVAILABLE after
     * {@code timeout}. Meant for application start-up.
     */
    public CompletableFuture<Void> awaitModelReady(String model, Duration timeout) {
        return client.awaitModelReady(model, config.modelVersion(), timeout, Duration.ofMillis(250));
    }

    /** One readiness question to Triton about {@code model} (its configured version); never blocks. */
    public CompletableFuture<Boolean> modelReady(String model) {
        return client.modelReady(model, config.modelVersion());
    }

    @Override
    public void close() {
        scorers.values().forEach(EmbeddingSimilarityScorer::close);
        if (ownsClient) {
            client.close();
        }
    }

    private Generation decode(GenerationRequest request, List<ModelInferResponse> responses,
            Duration latency) {
        try {
            return decoder.decode(request.requestId(), responses, latency);
        } catch (RuntimeException e) {
            throw new JudgeTransportException(Kind.MODEL_ERROR, "model '" + request.model() + "' at Triton "
                    + client.target() + " answered request '" + request.requestId()
                    + "' with outputs that are not a vLLM generation: " + e.getMessage(), e);
        }
    }

    private JudgeTransportException asTransportFailure(JudgeRequest request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof JudgeTransportException e) {
            return e;
        }
        return new JudgeTransportException(Kind.INVALID_REQUEST, "request '" + request.requestId()
                + "' for model '" + request.model() + "' could not be sent to Triton " + client.target()
                + ": " + cause, cause);
    }
}
