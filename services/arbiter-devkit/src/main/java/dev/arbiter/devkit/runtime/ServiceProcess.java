package dev.arbiter.devkit.runtime;

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
 * Arbiter's {@code Main run} in its own JVM, on this JVM's class path: so a test can kill it with
 * SIGKILL ({@link Process#destroyForcibly()} on Linux) the way a node failure would, and a
 * benchmark can measure the service's own CPU time and heap apart from the broker and judge it
 * runs beside. Its Prometheus endpoint can be read once it prints {@code ARBITER HTTP port=<port>}
 * (before Kafka Streams runs, so a rebalance or restore can be watched); it is ready when it
 * prints {@code ARBITER READY}.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile int httpPort = -1;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

    private ServiceProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::pump, "service-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The service with {@code appArgs} after {@code run} and a heap limit of 384 MiB. */
    public static ServiceProcess start(List<String> appArgs) throws IOException {
        return start(appArgs, "384m");
    }

    /** The service with a heap limit of {@code maxHeap} ({@code -Xmx}). */
    public static ServiceProcess start(List<String> appArgs, String maxHeap) throws IOException {
        return start(appArgs, maxHeap, List.of());
    }

    /** The service with a heap limit and further JVM options (a flight recording, for one). */
    public static ServiceProcess start(List<String> appArgs, String maxHeap, List<String> jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        cmd.addAll(jvmOptions);
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
                if (line.startsWith("ARBITER HTTP port=")) {
                    httpPort = Integer.parseInt(line.substring("ARBITER HTTP port=".length()).trim());
                    listening.countDown();
                } else if (line.startsWith("ARBITER READY")) {
                    ready.countDown();
                }
            }
        } catch (IOException ignored) {
            // the process was killed; its output simply ends
        }
    }

    public void awaitReady(Duration timeout) throws InterruptedException {
        if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("service did not become ready; alive=" + process.isAlive() + "\n" + tail());
        }
    }

    /** Waits until the operator endpoint listens; Kafka Streams may still be starting or restoring. */
    public void awaitOperatorEndpoint(Duration timeout) throws InterruptedException {
        if (!listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("service opened no operator endpoint; alive=" + process.isAlive() + "\n" + tail());
        }
    }

    /** Reads one gauge from the process's Prometheus endpoint (its name in Prometheus form; the first series). */
    public double gauge(String prometheusName) throws IOException, InterruptedException {
        // Only the named series: a full scrape carries every Kafka client metric, and a caller
        // watching a rebalance asks every few milliseconds.
        java.net.URI uri = java.net.URI.create("http://localhost:" + httpPort + "/metrics?name%5B%5D="
                + java.net.URLEncoder.encode(prometheusName, StandardCharsets.UTF_8));
        java.net.http.HttpResponse<String> r = http.send(
                java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body().lines()
                .filter(l -> l.startsWith(prometheusName + " ") || l.startsWith(prometheusName + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new IllegalStateException("no metric " + prometheusName));
    }

    /** CPU time the process has used so far, all its threads together (from the operating system). */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this platform does not report a process's CPU time"));
    }

    /** SIGKILL: no shutdown hook, no clean close, no final commit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Everything the process has written so far, stdout and stderr. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String tail() {
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
