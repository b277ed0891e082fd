package dev.arbiter.devkit.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo summary's judge-health table, read from the judge-health meters of this process
 * (dev.arbiter.streams.health.JudgeHealthMeters): one row per judge template, scenario group and,
 * for pairs, source (pairwise requests or Arbiter's consistency probes)
 * with the verdict count, the parse-failure, truncation and hacking-flag rates, and for pairwise
 * templates the position consistency, the first-position share and how often the longer
 * response won. A pure function of the registry, so the wording is tested exactly.
 */
public final class JudgeHealthTable {

    private JudgeHealthTable() {}

    public static String render(MeterRegistry registry) {
        Map<String, Row> rows = rows(registry);
        if (rows.isEmpty()) return "(no judgements yet)";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-38s %8s %8s %8s %8s %12s %8s %8s%n",
                "template / scenario group", "verdicts", "parse-f", "trunc", "flagged", "consistent", "first", "longer"));
        rows.forEach((key, r) -> out.append(String.format(Locale.ROOT, "%-38s %8s %8s %8s %8s %12s %8s %8s%n",
                key, r.verdicts > 0 ? Long.toString((long) r.verdicts) : "-", share(r.parseFailed, r.verdicts),
                share(r.truncated, r.verdicts), share(r.flagged, r.verdicts), share(r.consistent, r.measured),
                share(r.first, r.judgements), share(r.longer, r.lengthDecided))));
        return out.toString().stripTrailing();
    }

    /** The totals the demo's progress line shows: pair consistency and parse failures, over every row. */
    public static ProgressSnapshot.Health totals(MeterRegistry registry) {
        double consistent = 0, measured = 0, parseFailed = 0, verdicts = 0;
        for (Row r : rows(registry).values()) {
            consistent += r.consistent;
            measured += r.measured;
            parseFailed += r.parseFailed;
            verdicts += r.verdicts;
        }
        return new ProgressSnapshot.Health((long) consistent, (long) measured, (long) parseFailed, (long) verdicts);
    }

    /** The judge-health counters, summed per template and scenario group. */
    private static Map<String, Row> rows(MeterRegistry registry) {
        Map<String, Row> rows = new TreeMap<>();
        for (Counter c : registry.find("arbiter.judge.verdicts").counters()) {
            Row r = row(rows, c);
            r.verdicts += c.count();
            if ("PARSE_FAILED".equals(c.getId().getTag("status"))) r.parseFailed += c.count();
        }
        registry.find("arbiter.judge.truncations").counters().forEach(c -> row(rows, c).truncated += c.count());
        registry.find("arbiter.judge.hacking.flags").counters().forEach(c -> row(rows, c).flagged += c.count());
        for (Counter c : registry.find("arbiter.pairwise.consistency").counters()) {
            Row r = row(rows, c);
            r.measured += c.count();
            if ("consistent".equals(c.getId().getTag("result"))) r.consistent += c.count();
        }
        for (Counter c : registry.find("arbiter.judge.position.preference").counters()) {
            Row r = row(rows, c);
            r.judgements += c.count();
            if ("first".equals(c.getId().getTag("shown"))) r.first += c.count();
        }
        for (Counter c : registry.find("arbiter.judge.length.preference").counters()) {
            Row r = row(rows, c);
            String winner = c.getId().getTag("winner");
            if ("longer".equals(winner)) r.longer += c.count();
            if ("longer".equals(winner) || "shorter".equals(winner)) r.lengthDecided += c.count();
        }
        return rows;
    }

    private static Row row(Map<String, Row> rows, Counter c) {
        String source = c.getId().getTag("source");
        String key = c.getId().getTag("template") + " / " + c.getId().getTag("scenario_group")
                + (source == null ? "" : " (" + source + ")");
        return rows.computeIfAbsent(key, k -> new Row());
    }

    private static String share(double part, double whole) {
        return whole > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * part / whole) : "-";
    }

    private static final class Row {
        double verdicts;
        double parseFailed;
        double truncated;
        double flagged;
        double measured;
        double consistent;
        double judgements;
        double first;
        double longer;
        double lengthDecided;
    }
}
