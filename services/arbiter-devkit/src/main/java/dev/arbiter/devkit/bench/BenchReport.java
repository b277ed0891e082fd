package dev.arbiter.devkit.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns one run's {@link BenchResults} into the printed table, the results part of
 * docs/benchmarks.md and its two charts. The document's results live between two marker
 * comments and are replaced whole on every {@code --write}: one clean set of tables per run,
 * while the method and the optimisation log around them are kept as written.
 */
public final class BenchReport {

    static final String BEGIN = "<!-- bench:results:begin (written by ./arbiter bench --write; edits inside are replaced) -->";
    static final String END = "<!-- bench:results:end -->";

    /** Targets of issue 14, for the verdict column. */
    static final double EFFICIENCY_TARGET = 0.98;
    static final double SPEED_UP_TARGET = 20;
    static final double ZERO_COST_TARGET = 2_000;

    private final BenchResults.Run run;

    public BenchReport(BenchResults.Run run) {
        this.run = run;
    }

    /** Headline figures, then one table per judge, then the overhead: what the command prints and the document holds. */
    public String table() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run of %s UTC on %s, %.1f minutes, one run.%n%n", run.started(), run.machine(),
                run.seconds() / 60));
        md.append("| figure | value | target | met |\n|---|---|---|---|\n");
        long commitMs = run.commitInterval().toMillis();
        for (BenchResults.Case c : run.cases()) {
            String j = c.judge().name();
            row(md, j + ": throughput efficiency (sustained ÷ measured ceiling)", String.format(Locale.ROOT, "%.3f (%.1f of %.1f /s)",
                    c.efficiency(), c.sustainedPerSecond(), c.ceiling().requestsPerSecond()), "≥ 0.98", verdict(c.efficiency() >= EFFICIENCY_TARGET));
            row(md, j + ": speed-up over the naive mapValues baseline", String.format(Locale.ROOT, "%.1f× (baseline %.2f /s)",
                    c.speedUp(), c.baselinePerSecond()), "≥ 20×", verdict(c.speedUp() >= SPEED_UP_TARGET));
            for (double f : List.of(0.5, 0.9)) {
                Optional<BenchResults.Level> l = c.at(f);
                if (l.isEmpty()) continue;
                boolean target = f == 0.9;
                row(md, String.format(Locale.ROOT, "%s: latency Arbiter adds at %.0f %% of the ceiling, p50 / p99", j, 100 * f),
                        String.format(Locale.ROOT, "%.0f / %.0f ms", l.get().addedP50Ms(), l.get().addedP99Ms()),
                        target ? "p99 ≤ commit interval + 50 ms = " + (commitMs + 50) + " ms" : "",
                        target ? verdict(l.get().addedP99Ms() <= commitMs + 50) : "");
            }
            c.groupingOff().ifPresent(off -> row(md, String.format(Locale.ROOT,
                            "%s: prompt grouping on / off at %.0f %% — hit ratio, rewards/s", j, 100 * off.offeredFraction()),
                    String.format(Locale.ROOT, "%.2f / %.2f, %.1f / %.1f", c.highest().hitRatio(), off.hitRatio(),
                            c.highest().achievedPerSecond(), off.achievedPerSecond()), "", ""));
        }
        BenchResults.Overhead o = run.overhead();
        row(md, "zero-cost judge: candidates/s through one instance (broker and judge on the same cores)",
                String.format(Locale.ROOT, "%.0f", o.perSecond()), "≥ 2,000", verdict(o.perSecond() >= ZERO_COST_TARGET));
        row(md, "zero-cost judge: CPU per candidate, service / broker + judge + watcher",
                String.format(Locale.ROOT, "%.3f / %.3f ms", o.cpuMsPerCandidate(), o.hostCpuMsPerCandidate()), "", "");
        row(md, "zero-cost judge: service heap, peak before a collection / most kept after one",
                String.format(Locale.ROOT, "%.0f / %.0f MiB of -Xmx%s", o.peakHeapMiB(), o.afterGcMiB(), o.maxHeap()), "", "");
        BenchResults.OptionalGpus g = run.gpusFed();
        row(md, "GPUs of " + g.judge() + " one 2-core instance can feed (2 cores ÷ CPU per candidate ÷ one GPU's ceiling)",
                String.format(Locale.ROOT, "%.0f", g.gpus()), "", "");
        for (BenchResults.Case c : run.cases()) {
            md.append(String.format(Locale.ROOT, "%n**%s** — %s. Ceiling measured by closed loops: %s. Each level: %d s warm-up "
                            + "excluded, %d s measured; exactly one reward per candidate: %s. While the ceiling was measured the "
                            + "prefix-cache hit ratio was %.2f and the judge's capacity for the requests it served %.1f/s.%n%n",
                    c.judge().name(), c.judge().rationale(), ceilings(c), c.warmup().toSeconds(), c.window().toSeconds(), c.exactlyOnce() ? "yes" : "**no**",
                    c.ceilingHitRatio(), c.ceilingShapeCapacity()));
            md.append("| offered | offered /s | rewards /s | ÷ ceiling | e2e p50 | e2e p99 | judge p50 | judge p99 | added p50 | added p99 | hit ratio | ÷ shape capacity | n |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (BenchResults.Level l : c.levels()) level(md, "", l, c.ceiling().requestsPerSecond());
            c.groupingOff().ifPresent(l -> level(md, " (grouping off)", l, c.ceiling().requestsPerSecond()));
        }
        return md.toString();
    }

    private static String ceilings(BenchResults.Case c) {
        List<String> parts = new ArrayList<>();
        for (ClosedLoopCeiling.Result r : c.ceilings()) {
            parts.add(String.format(Locale.ROOT, "%.1f /s at concurrency %d (p50 %.0f ms)", r.requestsPerSecond(), r.concurrency(), r.p50Ms()));
        }
        return String.join(", ", parts);
    }

    private static void level(StringBuilder md, String suffix, BenchResults.Level l, double ceiling) {
        md.append(String.format(Locale.ROOT, "| %.0f %%%s | %.1f | %.1f | %.3f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f | %.3f | %d |%n",
                100 * l.offeredFraction(), suffix, l.offeredPerSecond(), l.achievedPerSecond(), l.achievedPerSecond() / ceiling,
                l.e2eP50Ms(), l.e2eP99Ms(), l.judgeP50Ms(), l.judgeP99Ms(), l.addedP50Ms(), l.addedP99Ms(), l.hitRatio(),
                l.achievedPerSecond() / l.shapeCapacity(), l.rewards()));
    }

    private static void row(StringBuilder md, String figure, String value, String target, String met) {
        md.append("| ").append(figure).append(" | ").append(value).append(" | ").append(target).append(" | ").append(met).append(" |\n");
    }

    private static String verdict(boolean met) {
        return met ? "yes" : "**no**";
    }

    /** Replaces the results section of {@code docs/benchmarks.md} and redraws the charts beside it. */
    public void write(Path docs, PrintStream out) throws IOException {
        Path file = docs.resolve("benchmarks.md");
        if (!Files.exists(file)) {
            out.println("bench: " + file + " not found (run from the repository root); not written");
            return;
        }
        Path charts = docs.resolve("benchmarks");
        Files.createDirectories(charts);
        throughputChart(charts.resolve("throughput.png"));
        latencyChart(charts.resolve("added-latency.png"));
        String doc = Files.readString(file, StandardCharsets.UTF_8);
        String results = BEGIN + "\n\n" + table() + "\n![throughput against offered load](benchmarks/throughput.png)\n\n"
                + "![added latency against offered load](benchmarks/added-latency.png)\n\n" + END;
        Files.writeString(file, replaceResults(doc, results), StandardCharsets.UTF_8);
        out.println("bench: wrote " + file + " and " + charts + "/*.png");
    }

    /** The document with its results section replaced, or appended when it has none yet. */
    static String replaceResults(String doc, String results) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) return doc.stripTrailing() + "\n\n" + results + "\n";
        return doc.substring(0, begin) + results + doc.substring(end + END.length());
    }

    private void throughputChart(Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(480).title("Sustained rewards/s against offered load (share of each judge's measured ceiling)")
                .xAxisTitle("offered load, % of ceiling").yAxisTitle("rewards/s, % of ceiling").build();
        double max = run.cases().stream().flatMap(c -> c.levels().stream()).mapToDouble(BenchResults.Level::offeredFraction).max().orElse(1.2);
        chart.addSeries("ideal", new double[] {0, 100, 100 * max}, new double[] {0, 100, 100}).setMarker(SeriesMarkers.NONE);
        for (BenchResults.Case c : run.cases()) {
            chart.addSeries(c.judge().name(), c.levels().stream().mapToDouble(l -> 100 * l.offeredFraction()).toArray(),
                    c.levels().stream().mapToDouble(l -> 100 * l.achievedPerSecond() / c.ceiling().requestsPerSecond()).toArray());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private void latencyChart(Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(480).title("Latency Arbiter adds (end to end − the judge's own time)")
                .xAxisTitle("offered load, % of ceiling").yAxisTitle("ms").build();
        for (BenchResults.Case c : run.cases()) {
            // Above the ceiling a backlog builds and latency grows with the run's length; it is not plotted.
            List<BenchResults.Level> below = c.levels().stream().filter(l -> l.offeredFraction() < 1.0).toList();
            if (below.isEmpty()) continue;
            double[] x = below.stream().mapToDouble(l -> 100 * l.offeredFraction()).toArray();
            chart.addSeries(c.judge().name() + " p50", x, below.stream().mapToDouble(BenchResults.Level::addedP50Ms).toArray());
            chart.addSeries(c.judge().name() + " p99", x, below.stream().mapToDouble(BenchResults.Level::addedP99Ms).toArray());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
