package dev.arbiter.triton.client;

import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import dev.arbiter.triton.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceStub;
import dev.arbiter.triton.proto.InferParameter;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import dev.arbiter.triton.proto.ModelStreamInferResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived {@code ModelStreamInfer} stream shared by many concurrent requests, which is how
 * Triton's decoupled models (the vLLM backend) are meant to be called: the server batches every
 * request in flight on the stream and answers each, possibly in several pieces, tagged with its
 * id.
 *
 * <p>Each request is sent with {@code triton_enable_empty_final_response=true} and completes when
 * a response for its id carries {@code triton_final_response=true}. On the wire the id is the
 * caller's id plus a per-session sequence suffix ({@code id#n}), so a late answer to an attempt
 * that already timed out can never complete a retry that reuses the id.
 *
 * <p>Deadlines are enforced here with a scheduler because a stream has no per-message deadline;
 * an expired request is forgotten and its late responses are dropped (Triton has no way to cancel
 * one request on a stream, so the server may still finish it). Admission is bounded by an
 * {@link InFlightLimit}: over it, {@link #submit} fails at once with OVERLOADED. Accepted requests
 * wait in a per-stream outbox only until gRPC reports the stream writable, so the outbox never
 * holds more than the limit.
 *
 * <p>When the stream ends for any reason (server error, server completion, restart, network
 * loss), every outstanding request fails with UNAVAILABLE — it may or may not have run — and the
 * stream is dropped. The next {@link #submit} opens a new stream, unless the previous one broke
 * less than the current back-off ago; then it fails fast with UNAVAILABLE so a dead server is not
 * hammered. The back-off doubles on each break and resets once a stream delivers a response.
 *
 * <p>Thread-safe; {@link #submit} never blocks. All state lives under one lock held only for
 * map and queue updates and non-blocking gRPC writes; futures complete outside it, on gRPC or
 * scheduler threads.
 */
public final class StreamingInferSession implements AutoCloseable {

    /** Request parameter asking Triton to flag the last response of each request. */
    public static final String ENABLE_FINAL_RESPONSE = "triton_enable_empty_final_response";
    /** Response parameter marking a request's last response. */
    public static final String FINAL_RESPONSE = "triton_final_response";

    private static final Logger LOG = LoggerFactory.getLogger(StreamingInferSession.class);

    private final GRPCInferenceServiceStub stub;
    private final ScheduledExecutorService scheduler;
    private final InFlightLimit limit;
    private final TritonFailureClassifier classifier;
    private final LongSupplier nanoTime;
    private final long backoffMinNanos;
    private final long backoffMaxNanos;
    private final AtomicLong sequence = new AtomicLong();

    private final Object lock = new Object();
    private final Map<String, Pending> pending = new HashMap<>();
    private Link link;
    private boolean closed;
    private long reconnectNotBeforeNanos;
    private long backoffNanos;
    private String lastBreak = "";
    private String lastUnattributedError = "";
    private long streamsOpened;

    public StreamingInferSession(GRPCInferenceServiceStub stub, TritonClientConfig config,
            ScheduledExecutorService scheduler, InFlightLimit limit, TritonFailureClassifier classifier,
            LongSupplier nanoTime) {
        this.stub = stub;
        this.scheduler = scheduler;
        this.limit = limit;
        this.classifier = classifier;
        this.nanoTime = nanoTime;
        this.backoffMinNanos = config.reconnectBackoffMin().toNanos();
        this.backoffMaxNanos = config.reconnectBackoffMax().toNanos();
        this.backoffNanos = backoffMinNanos;
    }

    /**
     * Sends {@code request} on the shared stream; completes with all its responses, or
     * exceptionally with a {@link JudgeTransportException}. The request's {@code id} must be
     * non-empty and unique among outstanding requests.
     */
    public CompletableFuture<StreamedInference> submit(ModelInferRequest request, Duration deadline) {
        String id = request.getId();
        String model = request.getModelName();
        if (id.isEmpty()) {
            return CompletableFuture.failedFuture(classifier.failure(Kind.INVALID_REQUEST, model,
                    "ModelStreamInfer", "a streamed request needs an id to match its responses"));
        }
        if (!limit.tryAcquire()) {
            return CompletableFuture.failedFuture(classifier.failure(Kind.OVERLOADED, model,
                    "ModelStreamInfer request '" + id + "'",
                    limit.max() + " requests already in flight on this client"));
        }
        String wireId = id + "#" + sequence.incrementAndGet();
        Pending p = new Pending(id, wireId, model, request.toBuilder()
                .setId(wireId)
                .putParameters(ENABLE_FINAL_RESPONSE, InferParameter.newBuilder().setBoolParam(true).build())
                .build(), nanoTime.getAsLong(), deadline);
        // Callers chain on the returned future, which completes only after the permit is back:
        // dependents of p.future itself would run before this action (CompletableFuture runs
        // them last-registered first), and a caller submitting its next request from a
        // completion callback would then find the limit still full.
        CompletableFuture<StreamedInference> result = p.future.whenComplete((r, e) -> {
            limit.release();
            forget(p);
        });
        JudgeTransportException refused = null;
        synchronized (lock) {
            if (closed) {
                refused = classifier.failure(Kind.CLOSED, model, "ModelStreamInfer request '" + id + "'",
                        "the client is closed");
            } else if (pending.containsKey(id)) {
                refused = classifier.failure(Kind.INVALID_REQUEST, model, "ModelStreamInfer request '" + id + "'",
                        "a request with this id is already in flight");
            } else if (link == null && nanoTime.getAsLong() < reconnectNotBeforeNanos) {
                long waitMs = TimeUnit.NANOSECONDS.toMillis(reconnectNotBeforeNanos - nanoTime.getAsLong());
                refused = classifier.failure(Kind.UNAVAILABLE, model, "ModelStreamInfer request '" + id + "'",
                        "the stream broke (" + lastBreak + "); reconnecting after a back-off of " + waitMs + " ms");
            } else if (link == null && !openLink()) {
                refused = classifier.failure(Kind.UNAVAILABLE, model, "ModelStreamInfer request '" + id + "'",
                        "the stream failed while opening (" + lastBreak + ")");
            } else {
                p.link = link;
                pending.put(id, p);
                link.outbox.add(p);
                p.deadlineTimer = scheduler.schedule(() -> expire(p), deadline.toNanos(), TimeUnit.NANOSECONDS);
                drain(link);
            }
        }
        if (refused != null) {
            p.future.completeExceptionally(refused);
        }
        return result;
    }

    /** Requests accepted and not yet completed. */
    public int outstanding() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** True while a stream is open (it opens lazily on the first request). */
    public boolean connected() {
        synchronized (lock) {
            return link != null;
        }
    }

    /** Streams opened so far; grows by one after each reconnect. */
    public long streamsOpened() {
        synchronized (lock) {
            return streamsOpened;
        }
    }

    /** Fails every outstanding request with CLOSED, cancels the stream and refuses new requests. */
    @Override
    public void close() {
        List<Pending> failed;
        Link closing;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            failed = new ArrayList<>(pending.values());
            pending.clear();
            closing = link;
            link = null;
        }
        if (closing != null && closing.requests != null) {
            closing.requests.cancel("client closed", null);
        }
        for (Pending p : failed) {
            p.future.completeExceptionally(classifier.failure(Kind.CLOSED, p.model,
                    "ModelStreamInfer request '" + p.id + "'", "the client was closed while the request was outstanding"));
        }
    }

    /** Opens a stream; false if it failed before this method returned. Lock held. */
    private boolean openLink() {
        Link opened = new Link();
        link = opened;
        streamsOpened++;
        // With a direct executor gRPC may report failure inline, re-entering this (re-entrant) lock.
        stub.modelStreamInfer(opened);
        return link == opened;
    }

    /** Writes queued requests while gRPC says the stream can take them; lock held. */
    private void drain(Link l) {
        if (l.requests == null || l.broken) return;
        while (!l.outbox.isEmpty() && l.requests.isReady()) {
            Pending p = l.outbox.poll();
            if (p.future.isDone()) continue;
            l.requests.onNext(p.request);
        }
    }

    private void onResponse(Link from, ModelStreamInferResponse message) {
        Pending done = null;
        JudgeTransportException failure = null;
        synchronized (lock) {
            if (from != link) return;
            backoffNanos = backoffMinNanos;
            ModelInferResponse response = message.getInferResponse();
            String wireId = response.getId();
            Pending p = wireId.isEmpty() ? null : byWireId(wireId);
            if (!message.getErrorMessage().isEmpty()) {
                if (p == null && wireId.isEmpty()) {
                    p = soleSentRequest(from);
                }
                if (p == null) {
                    lastUnattributedError = message.getErrorMessage();
                    LOG.warn("Triton {} sent a stream error that matches no single outstanding request (id '{}'): {}",
                            classifier.target(), wireId, message.getErrorMessage());
                    return;
                }
                pending.remove(p.id);
                done = p;
                failure = classifier.classifyStreamError(message.getErrorMessage(), p.model, p.id);
            } else {
                if (p == null) {
                    LOG.debug("dropping a response for request '{}' that is no longer outstanding", wireId);
                    return;
                }
                p.responses.add(response);
                InferParameter fin = response.getParametersMap().get(FINAL_RESPONSE);
                if (fin != null && fin.getBoolParam()) {
                    pending.remove(p.id);
                    done = p;
                }
            }
        }
        if (failure != null) {
            done.future.completeExceptionally(failure);
        } else if (done != null) {
            done.future.complete(new StreamedInference(done.id, done.responses,
                    Duration.ofNanos(nanoTime.getAsLong() - done.startNanos)));
        }
    }

    private void onBroken(Link from, Throwable cause) {
        List<Pending> failed = new ArrayList<>();
        JudgeTransportException classified;
        synchronized (lock) {
            from.broken = true;
            if (from != link) return;
            link = null;
            classified = cause == null ? null : classifier.classify(cause, "", "ModelStreamInfer");
            lastBreak = cause == null ? "server completed the stream" : String.valueOf(classified.getMessage());
            reconnectNotBeforeNanos = nanoTime.getAsLong() + backoffNanos;
            backoffNanos = Math.min(backoffNanos * 2, backoffMaxNanos);
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.link == from) {
                    failed.add(p);
                    it.remove();
                }
            }
        }
        LOG.warn("stream to Triton {} ended ({}); failing {} outstanding request(s)",
                classifier.target(), lastBreakText(cause), failed.size());
        for (Pending p : failed) {
            // A broken stream says nothing about the request itself, except when the server
            // refused the whole stream for a reason a retry cannot fix (e.g. UNIMPLEMENTED).
            Kind kind = classified == null || !isPermanent(classified.kind()) ? Kind.UNAVAILABLE : classified.kind();
            p.future.completeExceptionally(classifier.failure(kind, p.model,
                    "ModelStreamInfer request '" + p.id + "'",
                    "the shared stream ended (" + lastBreakText(cause) + "); the request may or may not have run"));
        }
    }

    private static boolean isPermanent(Kind kind) {
        return kind == Kind.INVALID_REQUEST || kind == Kind.MODEL_NOT_FOUND;
    }

    private static String lastBreakText(Throwable cause) {
        if (cause == null) return "server completed the stream";
        Status s = Status.fromThrowable(cause);
        return s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    }

    private void expire(Pending p) {
        String unattributed;
        synchronized (lock) {
            if (pending.get(p.id) != p) return;
            pending.remove(p.id);
            if (p.link != null) p.link.outbox.remove(p);
            unattributed = lastUnattributedError;
        }
        String detail = "no final response within " + p.deadline.toMillis() + " ms (" + p.responses.size()
                + " partial response(s) received)";
        if (!unattributed.isEmpty()) {
            detail += "; the stream carried an error that could not be matched to a request: " + unattributed;
        }
        p.future.completeExceptionally(classifier.failure(Kind.DEADLINE_EXCEEDED, p.model,
                "ModelStreamInfer request '" + p.id + "'", detail));
    }

    private void forget(Pending p) {
        if (p.deadlineTimer != null) p.deadlineTimer.cancel(false);
        synchronized (lock) {
            if (pending.get(p.id) == p) {
                // Reached only when the caller cancelled the future: stop tracking it.
                pending.remove(p.id);
                if (p.link != null) p.link.outbox.remove(p);
            }
        }
    }

    private Pending byWireId(String wireId) {
        int hash = wireId.lastIndexOf('#');
        if (hash < 0) return null;
        Pending p = pending.get(wireId.substring(0, hash));
        return p != null && p.wireId.equals(wireId) ? p : null;
    }

    /**
     * An error without an id can only be pinned on a request when exactly one request has been
     * written to this stream and is still outstanding; with several, any guess (oldest, newest)
     * could fail a healthy request and leave the broken one to run into its deadline anyway.
     */
    private Pending soleSentRequest(Link from) {
        Pending only = null;
        for (Pending p : pending.values()) {
            if (p.link == from && !from.outbox.contains(p)) {
                if (only != null) return null;
                only = p;
            }
        }
        return only;
    }

    private static final class Pending {
        final String id;
        final String wireId;
        final String model;
        final ModelInferRequest request;
        final long startNanos;
        final Duration deadline;
        final List<ModelInferResponse> responses = new ArrayList<>();
        final CompletableFuture<StreamedInference> future = new CompletableFuture<>();
        Link link;
        ScheduledFuture<?> deadlineTimer;

        Pending(String id, String wireId, String model, ModelInferRequest request, long startNanos, Duration deadline) {
            this.id = id;
            this.wireId = wireId;
            this.model = model;
            this.request = request;
            this.startNanos = startNanos;
            this.deadline = deadline;
        }
    }

    /** One physical stream; callbacks from a stream that is no longer current are ignored. */
    private final class Link implements ClientResponseObserver<ModelInferRequest, ModelStreamInferResponse> {
        final ArrayDeque<Pending> outbox = new ArrayDeque<>();
        ClientCallStreamObserver<ModelInferRequest> requests;
        boolean broken;

        @Override
        public void beforeStart(ClientCallStreamObserver<ModelInferRequest> requestStream) {
            this.requests = requestStream;
            requestStream.setOnReadyHandler(() -> {
                synchronized (lock) {
                    drain(this);
                }
            });
        }

        @Override
        public void onNext(ModelStreamInferResponse value) {
            onResponse(this, value);
        }

        @Override
        public void onError(Throwable t) {
            onBroken(this, t);
        }

        @Override
        public void onCompleted() {
            onBroken(this, null);
        }
    }
}
