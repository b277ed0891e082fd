package dev.arbiter.devkit.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Arbiter's {@code Main run} in its own JVM, on this test's class path, so a test can kill it
 * with SIGKILL ({@link Process#destroyForcibly()} on Linux) the way a node failure would.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile int httpPort = -1;
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

    private ServiceProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::pump, "service-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ServiceProcess start(List<String> appArgs, Path log) throws IOException {
        return start(appArgs, log, "384m");
    }

    /** The service with a heap limit of {@code maxHeap} ({@code -Xmx}). */
    static ServiceProcess start(List<String> appArgs, Path log, String maxHeap) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.arbiter.schema");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.arbiter.app.Main");
        cmd.add("run");
        cmd.addAll(appArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new ServiceProcess(p);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                if (line.startsWith("ARBITER READY")) {
                    int at = line.indexOf("http=");
                    if (at >= 0) httpPort = Integer.parseInt(line.substring(at + 5).trim());
                    ready.countDown();
                }
            }
        } catch (IOException ignored) {
            // the process was killed; its output simply ends
        }
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("service did not become ready; alive=" + process.isAlive() + "\n" + tail());
        }
    }

    /** Reads one gauge from the process's Prometheus endpoint (its name in Prometheus form). */
    double gauge(String prometheusName) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + httpPort + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith(prometheusName + " ") || l.startsWith(prometheusName + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + prometheusName));
    }

    /** SIGKILL: no shutdown hook, no clean close, no final commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Everything the process has written so far, stdout and stderr. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    String tail() {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 60), output.size()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
