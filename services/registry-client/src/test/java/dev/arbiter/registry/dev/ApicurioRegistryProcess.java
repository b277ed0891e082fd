package dev.arbiter.registry.dev;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a real Apicurio Registry (in-memory storage) as a child JVM, for the app's embedded
 * development mode and for integration tests: a registry that speaks the Confluent REST API under
 * {@link #ccompatUrl()} with no Docker. {@link #start()} picks a free loopback port, launches the
 * runner jar with small-heap JVM flags, and returns once {@code /health/ready} answers 200; if the
 * process dies or the timeout passes first it fails with the tail of the process's output.
 * {@link #close()} stops the process; a JVM shutdown hook does the same if the owner forgets.
 */
public final class ApicurioRegistryProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistryProcess.class);
    private static final int OUTPUT_TAIL_LINES = 60;

    private final Path runnerJar;
    private final Duration startTimeout;
    private final List<String> extraJvmArgs;
    private final Deque<String> outputTail = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private volatile Process process;
    private int port;
    private Thread shutdownHook;
    private Path workDir;
    private Thread outputPump;

    /**
     * @param runnerJar     Apicurio runner jar with its {@code lib/} beside it
     * @param startTimeout  how long to wait for readiness (start-up takes 3-5 s on a quiet machine)
     * @param extraJvmArgs  more JVM options or {@code -D} Quarkus/Apicurio properties, appended
     */
    public ApicurioRegistryProcess(Path runnerJar, Duration startTimeout, List<String> extraJvmArgs) {
        this.runnerJar = Objects.requireNonNull(runnerJar, "runnerJar");
        this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
        this.extraJvmArgs = List.copyOf(extraJvmArgs);
    }

    /** A registry started with a 60 s readiness timeout (generous: CPUs are shared in CI). */
    public ApicurioRegistryProcess(Path runnerJar) {
        this(runnerJar, Duration.ofSeconds(60), List.of());
    }

    /** Starts the registry and waits until it is ready. */
    public synchronized void start() {
        if (process != null) {
            throw new IllegalStateException("already started on port " + port);
        }
        if (!Files.isRegularFile(runnerJar)) {
            throw new IllegalStateException("Apicurio runner jar not found: " + runnerJar);
        }
        port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port));
        command.addAll(extraJvmArgs);
        command.addAll(List.of("-jar", runnerJar.toAbsolutePath().toString()));
        try {
            // a private working directory: Quarkus may write there, and tests run side by side
            workDir = Files.createTempDirectory("apicurio-");
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + command, e);
        }
        shutdownHook = new Thread(this::destroyProcess, "apicurio-registry-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        outputPump = new Thread(this::pumpOutput, "apicurio-registry-output-" + port);
        outputPump.setDaemon(true);
        outputPump.start();
        try {
            awaitReady();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        LOG.info("Apicurio Registry ready at {}", ccompatUrl());
    }

    /** Stops the registry; safe to call more than once or before start. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        destroyProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run already
        }
        process = null;
        deleteQuietly(workDir);
        LOG.info("Apicurio Registry on port {} stopped", port);
    }

    @Override
    public void close() {
        stop();
    }

    /** True while the process is alive and {@code /health/ready} answers 200. */
    public synchronized boolean isReady() {
        return process != null && process.isAlive() && answersReady();
    }

    /** Base URL of the Confluent-compatible API, for {@code RegistryClientConfig.of(...)}. */
    public synchronized String ccompatUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    /** Root URL of the server, e.g. for Apicurio's own API or its UI. */
    public synchronized String baseUrl() {
        if (process == null) {
            throw new IllegalStateException("registry is not running");
        }
        return "http://127.0.0.1:" + port;
    }

    /** The process's most recent output lines, for diagnostics. */
    public String outputTail() {
        synchronized (outputTail) {
            return String.join(System.lineSeparator(), outputTail);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                awaitOutputDrained();
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " before becoming ready; output tail:" + System.lineSeparator() + outputTail());
            }
            if (answersReady()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
        }
        throw new IllegalStateException("Apicurio Registry not ready within " + startTimeout + "; output tail:"
                + System.lineSeparator() + outputTail());
    }

    /** A dead process's last lines may still be in the pipe: let the pump read them first. */
    private void awaitOutputDrained() {
        try {
            outputPump.join(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean answersReady() {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void pumpOutput() {
        Process running = process;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                LOG.debug("[apicurio] {}", line);
                synchronized (outputTail) {
                    if (outputTail.size() == OUTPUT_TAIL_LINES) {
                        outputTail.removeFirst();
                    }
                    outputTail.addLast(line);
                }
            }
        } catch (IOException closed) {
            // the stream closes when the process ends
        }
    }

    private void destroyProcess() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
