package dev.arbiter.devserver;

import dev.arbiter.devserver.cost.GpuSimulator;
import dev.arbiter.devserver.cost.SimulatorStats;
import dev.arbiter.devserver.grpc.InferenceService;
import dev.arbiter.devserver.judge.HeuristicJudge;
import dev.arbiter.devserver.scalar.ScalarModels;
import dev.arbiter.triton.batching.DynamicBatcher;
import java.util.Optional;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Triton-compatible development judge server: the KServe v2 gRPC protocol over a real socket,
 * the models of a Triton model repository (their config.pbtxt files), generative ones with the
 * tensor interface of Triton's vLLM backend, a deterministic heuristic judge answering in real
 * judges' output formats and a GPU cost model, and ONNX ones really executed on the CPU behind
 * Triton's dynamic batching. It stands in for Triton + an LLM judge in
 * local runs and tests; its ratings are not quality judgements.
 */
public final class JudgeDevServer implements AutoCloseable {

    private final JudgeDevServerConfig config;
    private final ServerCredentials credentials;
    private final ModelRegistry models;
    private ScheduledExecutorService scheduler;
    private GpuSimulator gpu;
    private ScalarModels scalar;
    private Server server;
    private int port;

    /** A plaintext server, as Triton serves gRPC by default. */
    public JudgeDevServer(JudgeDevServerConfig config) {
        this(config, InsecureServerCredentials.create());
    }

    /**
     * A server with the given transport credentials, e.g. {@code TlsServerCredentials} to stand
     * in for a Triton started with {@code --grpc-use-ssl} (and {@code --grpc-use-ssl-mutual}).
     */
    public JudgeDevServer(JudgeDevServerConfig config, ServerCredentials credentials) {
        this.config = config;
        this.credentials = credentials;
        this.models = new ModelRegistry(config.repository());
    }

    public synchronized JudgeDevServer start() {
        if (server != null) throw new IllegalStateException("already started");
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "devserver-gpu");
            t.setDaemon(true);
            return t;
        });
        gpu = new GpuSimulator(config.cost(), scheduler);
        scalar = new ScalarModels(config.repository());
        InferenceService service = new InferenceService(models, new HeuristicJudge(config.positionBias(), config.seed()),
                gpu, scalar);
        try {
            // Netty binds with SO_REUSEADDR, so a restart on the same port works at once.
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", config.port()), credentials)
                    .addService(service)
                    .maxInboundMessageSize(64 * 1024 * 1024)
                    // Accept the client's keep-alive pings, as a Triton started with
                    // --grpc-keepalive-permit-without-calls=1 and
                    // --grpc-http2-min-recv-ping-interval-without-data at or below the client's
                    // keep-alive does; with gRPC's defaults the server answers GOAWAY too_many_pings.
                    .permitKeepAliveTime(5, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .build()
                    .start();
        } catch (IOException e) {
            scheduler.shutdownNow();
            throw new UncheckedIOException("cannot bind the judge server to port " + config.port(), e);
        }
        port = server.getPort();
        return this;
    }

    public synchronized int port() {
        if (server == null) throw new IllegalStateException("not started");
        return port;
    }

    /** {@code host:port} for a gRPC client. */
    public String target() {
        return "127.0.0.1:" + port();
    }

    public void setModelReady(String model, boolean ready) {
        models.setReady(model, ready);
    }

    public synchronized SimulatorStats stats() {
        if (gpu == null) throw new IllegalStateException("not started");
        return gpu.stats();
    }

    /** Tells {@code listener} of every generation request the simulated GPU finishes from now on. */
    public synchronized void onServed(GpuSimulator.ServiceListener listener) {
        if (gpu == null) throw new IllegalStateException("not started");
        gpu.onServed(listener);
    }

    /**
     * The dynamic batcher's counters of an ONNX model (executions, rows, requests, executions
     * that merged requests); empty until the model's first request.
     */
    public synchronized Optional<DynamicBatcher.Stats> batching(String model) {
        if (scalar == null) throw new IllegalStateException("not started");
        return scalar.stats(model);
    }

    public JudgeDevServerConfig config() {
        return config;
    }

    /** Stops accepting calls and cuts open streams (as a crashed or restarted Triton would). */
    public synchronized void stop() {
        if (server == null) return;
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        scalar.close();
        server = null;
    }

    @Override
    public void close() {
        stop();
    }
}
