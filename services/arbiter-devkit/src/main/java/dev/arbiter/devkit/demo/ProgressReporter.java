package dev.arbiter.devkit.demo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows the demo's progress while it runs. On a terminal it redraws one line in place (carriage
 * return) twice a second; when output goes to a file or CI log, where carriage returns make a
 * mess, it prints a plain line every five seconds. {@link #stop()} prints the final state and a
 * summary block. Formatting lives in {@link ProgressFormat}; this class only times and prints.
 */
public final class ProgressReporter implements AutoCloseable {

    static final Duration TERMINAL_INTERVAL = Duration.ofMillis(500);
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);
    private static final Duration RATE_WINDOW = Duration.ofSeconds(5);

    private final ProgressSource source;
    private final PrintStream out;
    private final boolean terminal;
    private final long expectedRewards;
    private final Clock clock;
    private final ThroughputWindow window = new ThroughputWindow(RATE_WINDOW);
    private ScheduledExecutorService scheduler;
    private Instant started;
    private ProgressSnapshot last;
    private int lastLength;
    private boolean stopped;

    /**
     * @param terminal        true when {@code out} is an interactive terminal (e.g. {@code System.console() != null})
     * @param expectedRewards rewards the run should produce; 0 if unbounded
     */
    public ProgressReporter(ProgressSource source, PrintStream out, boolean terminal, long expectedRewards, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.expectedRewards = expectedRewards;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts printing on a daemon thread. */
    public synchronized ProgressReporter start() {
        if (scheduler != null) throw new IllegalStateException("already started");
        started = clock.instant();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arbiter-demo-progress");
            t.setDaemon(true);
            return t;
        });
        long period = (terminal ? TERMINAL_INTERVAL : PLAIN_INTERVAL).toMillis();
        scheduler.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reads the counters and prints one update. Called by the scheduler; visible for tests. */
    synchronized void tick() {
        if (stopped) return;
        if (started == null) started = clock.instant();
        last = source.sample(clock.instant());
        window.add(last);
        String line = ProgressFormat.line(last, Duration.between(started, last.at()), window.rewardsPerSecond(), expectedRewards);
        if (terminal) {
            out.print(ProgressFormat.overwrite(line, lastLength));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Stops updating, prints the final counts and the summary block. Idempotent. */
    public void stop() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
        }
        if (s != null) {
            s.shutdown();
            try {
                s.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (stopped) return;
            tick();
            stopped = true;
            if (terminal) out.println();
            out.println(ProgressFormat.summary(last, Duration.between(started, last.at()), window.peak(), expectedRewards));
            out.flush();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
