package dev.arbiter.triton.client;

import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import dev.arbiter.triton.proto.GRPCInferenceServiceGrpc;
import dev.arbiter.triton.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceStub;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import dev.arbiter.triton.proto.ModelMetadataRequest;
import dev.arbiter.triton.proto.ModelMetadataResponse;
import dev.arbiter.triton.proto.ModelReadyRequest;
import dev.arbiter.triton.proto.ModelReadyResponse;
import dev.arbiter.triton.proto.ServerLiveResponse;
import dev.arbiter.triton.proto.ServerReadyResponse;
import dev.arbiter.triton.proto.ServerLiveRequest;
import dev.arbiter.triton.proto.ServerMetadataRequest;
import dev.arbiter.triton.proto.ServerMetadataResponse;
import dev.arbiter.triton.proto.ServerReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Non-blocking client of one Triton endpoint over KServe v2 gRPC: health and metadata calls,
 * unary {@code ModelInfer} for non-decoupled models, and a shared {@link StreamingInferSession}
 * for decoupled ones. Every method returns at once; futures complete on gRPC or scheduler
 * threads, exceptionally with a {@link JudgeTransportException} that names the model and the
 * target. Inference calls (unary and streamed) share one {@link InFlightLimit}.
 *
 * <p>A client built by {@link #connect} owns its channel and shuts it down on {@link #close};
 * one given a channel leaves the channel to its owner.
 */
public final class TritonClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final TritonClientConfig config;
    private final GRPCInferenceServiceStub stub;
    private final ScheduledExecutorService scheduler;
    private final InFlightLimit limit;
    private final TritonFailureClassifier classifier;
    private final StreamingInferSession session;

    /** Uses a channel owned by the caller (e.g. an in-process channel in tests). */
    public TritonClient(ManagedChannel channel, TritonClientConfig config) {
        this(channel, config, false);
    }

    private TritonClient(ManagedChannel channel, TritonClientConfig config, boolean ownsChannel) {
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.config = config;
        this.stub = GRPCInferenceServiceGrpc.newStub(channel);
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "triton-client-timers-" + config.target());
            t.setDaemon(true);
            return t;
        });
        // Most deadline timers are cancelled by a timely answer; do not keep them queued.
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
        this.limit = new InFlightLimit(config.maxRequestsInFlight());
        this.classifier = new TritonFailureClassifier(config.target());
        this.session = new StreamingInferSession(stub, config, scheduler, limit, classifier, System::nanoTime);
    }

    /** Opens (lazily connecting) a channel from {@code config}; the client owns it. */
    public static TritonClient connect(TritonClientConfig config) {
        return new TritonClient(TritonChannelFactory.open(config), config, true);
    }

    public CompletableFuture<Boolean> serverLive() {
        return this.<ServerLiveResponse, Boolean>unary("ServerLive", "", (s, o) -> s.serverLive(ServerLiveRequest.getDefaultInstance(), o),
                r -> r.getLive());
    }

    public CompletableFuture<Boolean> serverReady() {
        return this.<ServerReadyResponse, Boolean>unary("ServerReady", "", (s, o) -> s.serverReady(ServerReadyRequest.getDefaultInstance(), o),
                r -> r.getReady());
    }

    /** Whether {@code model} (version "" = server's choice) is ready to serve. */
    public CompletableFuture<Boolean> modelReady(String model, String version) {
        ModelReadyRequest request = ModelReadyRequest.newBuilder().setName(model).setVersion(version).build();
        return this.<ModelReadyResponse, Boolean>unary("ModelReady", model, (s, o) -> s.modelReady(request, o), r -> r.getReady());
    }

    public CompletableFuture<ServerMetadataResponse> serverMetadata() {
        return unary("ServerMetadata", "", (s, o) -> s.serverMetadata(ServerMetadataRequest.getDefaultInstance(), o),
                Function.identity());
    }

    public CompletableFuture<ModelMetadataResponse> modelMetadata(String model, String version) {
        ModelMetadataRequest request = ModelMetadataRequest.newBuilder().setName(model).setVersion(version).build();
        return unary("ModelMetadata", model, (s, o) -> s.modelMetadata(request, o), Function.identity());
    }

    /** Unary inference with the configured default deadline. */
    public CompletableFuture<ModelInferResponse> infer(ModelInferRequest request) {
        return infer(request, config.defaultDeadline());
    }

    /** Unary inference; fails fast with OVERLOADED when the in-flight bound is reached. */
    public CompletableFuture<ModelInferResponse> infer(ModelInferRequest request, Duration deadline) {
        String model = request.getModelName();
        if (!limit.tryAcquire()) {
            return CompletableFuture.failedFuture(classifier.failure(Kind.OVERLOADED, model, "ModelInfer",
                    limit.max() + " requests already in flight on this client"));
        }
        CompletableFuture<ModelInferResponse> result = unary("ModelInfer", model, deadline,
                (s, o) -> s.modelInfer(request, o), Function.identity());
        // Return the dependent future so callers continue only once the permit is released.
        return result.whenComplete((r, e) -> limit.release());
    }

    /** Sends {@code request} on the shared stream (see {@link StreamingInferSession}). */
    public CompletableFuture<StreamedInference> streamInfer(ModelInferRequest request, Duration deadline) {
        return session.submit(request, deadline);
    }

    /**
     * Completes when {@code model} reports ready; fails at once with MODEL_NOT_FOUND if the server
     * does not know the model, and after {@code timeout} with MODEL_NOT_READY (or UNAVAILABLE if
     * the server never answered). A not-ready answer is followed by a metadata call because
     * Triton answers ModelReady=false for models it does not have at all, while metadata of an
     * unknown model fails with "unknown model".
     */
    public CompletableFuture<Void> awaitModelReady(String model, String version, Duration timeout, Duration pollInterval) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        long giveUpAt = System.nanoTime() + timeout.toNanos();
        pollReady(model, version, giveUpAt, pollInterval, result);
        return result;
    }

    private void pollReady(String model, String version, long giveUpAt, Duration interval, CompletableFuture<Void> result) {
        modelReady(model, version)
                .thenCompose(ready -> ready
                        ? CompletableFuture.completedFuture(Boolean.TRUE)
                        : modelMetadata(model, version).thenApply(metadata -> Boolean.FALSE))
                .whenComplete((ready, failure) -> {
                    if (failure == null && ready) {
                        result.complete(null);
                        return;
                    }
                    JudgeTransportException why = failure == null ? null : classifier.classify(failure, model, "ModelReady");
                    if (why != null && !why.retryable()) {
                        result.completeExceptionally(why);
                        return;
                    }
                    if (System.nanoTime() >= giveUpAt) {
                        result.completeExceptionally(why != null && why.kind() == Kind.UNAVAILABLE
                                ? why
                                : classifier.failure(Kind.MODEL_NOT_READY, model, "awaitModelReady",
                                        "the model is known but was not ready within the wait"
                                                + (why == null ? "" : " (last answer: " + why.getMessage() + ")")));
                        return;
                    }
                    if (!result.isDone()) {
                        scheduler.schedule(() -> pollReady(model, version, giveUpAt, interval, result),
                                interval.toNanos(), TimeUnit.NANOSECONDS);
                    }
                });
    }

    public String target() {
        return config.target();
    }

    public TritonClientConfig config() {
        return config;
    }

    /** The shared stream, for inspection (outstanding count, reconnects). */
    public StreamingInferSession streamingSession() {
        return session;
    }

    /** Inference requests currently holding an in-flight permit. */
    public int inFlight() {
        return limit.inFlight();
    }

    /** Fails outstanding streamed requests with CLOSED and, if owned, shuts the channel down. */
    @Override
    public void close() {
        session.close();
        scheduler.shutdownNow();
        if (ownsChannel) {
            channel.shutdown();
            try {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private <R, T> CompletableFuture<T> unary(String operation, String model,
            BiConsumer<GRPCInferenceServiceStub, StreamObserver<R>> call, Function<R, T> extract) {
        return unary(operation, model, config.defaultDeadline(), call, extract);
    }

    private <R, T> CompletableFuture<T> unary(String operation, String model, Duration deadline,
            BiConsumer<GRPCInferenceServiceStub, StreamObserver<R>> call, Function<R, T> extract) {
        CompletableFuture<T> result = new CompletableFuture<>();
        GRPCInferenceServiceStub withDeadline = stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
        call.accept(withDeadline, new StreamObserver<R>() {
            @Override
            public void onNext(R value) {
                result.complete(extract.apply(value));
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(classifier.classify(t, model, operation));
            }

            @Override
            public void onCompleted() {
                if (!result.isDone()) {
                    result.completeExceptionally(classifier.failure(Kind.MODEL_ERROR, model, operation,
                            "the server completed the call without a response"));
                }
            }
        });
        return result;
    }
}
