package dev.arbiter.streams.health;

import dev.arbiter.schema.JudgeMetricsWindow;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.RewardStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The arithmetic of the judge-metrics topic: which tumbling wall-clock window a judgement falls
 * in, how an {@link Observation} adds to the window's record, and the convenience ratios a
 * record carries when it is emitted. Records hold counts and sums only (so a window's partial
 * records from several tasks add up); the ratios are derived from them at the end and never
 * added. No state of its own: the judge-health processor owns the store and the clock, and
 * {@link #add} counts into the record it is handed.
 */
public final class MetricsWindows {

    /** Buckets of the rating histogram: [0, 0.1), ..., [0.9, 1.0]. */
    public static final int RATING_BUCKETS = 10;

    private static final char SEPARATOR = '\u001f';

    private final long sizeMillis;

    public MetricsWindows(Duration size) {
        if (size.toMillis() < 1) throw new IllegalArgumentException("a window lasts at least a millisecond");
        this.sizeMillis = size.toMillis();
    }

    /** The start of the window holding {@code epochMillis}. */
    public long startOf(long epochMillis) {
        return Math.floorDiv(epochMillis, sizeMillis) * sizeMillis;
    }

    /** Store key of one window and dimensions: the window first, so a store scan meets them in time order. */
    public static String storeKey(long windowStart, Observation.Dimensions d) {
        JudgeRef j = d.judge();
        return zeroPadded(windowStart) + SEPARATOR + d.source().tag() + SEPARATOR + j.getProfile() + SEPARATOR
                + j.getModel() + SEPARATOR + j.getTemplate() + SEPARATOR + j.getTemplateVersion() + SEPARATOR + d.scenarioGroup();
    }

    /** {@code String.format("%020d", n)} for n ≥ 0, without the formatter's cost on every judgement. */
    private static String zeroPadded(long n) {
        String digits = Long.toString(n);
        return digits.length() >= 20 ? digits : "0".repeat(20 - digits.length()) + digits;
    }

    /** Key of an emitted record: the judge, so one judge version's windows can be read back together. */
    public static String topicKey(JudgeRef judge) {
        return judge.getModel() + "/" + judge.getTemplate() + "@" + judge.getTemplateVersion();
    }

    /** An empty record for the window starting at {@code windowStart}. */
    public JudgeMetricsWindow empty(long windowStart, Observation.Dimensions d, String task) {
        return JudgeMetricsWindow.newBuilder()
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowStart + sizeMillis))
                .setTask(task).setSource(d.source().tag()).setJudge(d.judge()).setScenarioGroup(d.scenarioGroup())
                .setVerdicts(0).setVerdictsOk(0).setParseFailures(0).setJudgeFailures(0).setTruncations(0).setHackingFlags(0)
                .setRatingHistogram(new ArrayList<>(Collections.nCopies(RATING_BUCKETS, 0L)))
                .setRatingSum(0).setRatingSumSquares(0).setVoteCount(0).setVoteAgreementSum(0)
                .setLengthRatingN(0).setLengthSum(0).setLengthSumSquares(0).setLengthRatingSumProducts(0)
                .setPairs(0).setConsistencyMeasured(0).setConsistent(0)
                .setShownFirstWon(0).setShownSecondWon(0).setShownTie(0)
                .setLongerWon(0).setShorterWon(0).setLengthTie(0).setJudgeCalls(0)
                .build();
    }

    /**
     * Counts {@code o} into {@code window}, in place, and returns it. In place because this runs
     * for every judgement on the stream thread and the record is the caller's own (just read from
     * its store or just made): a copy through an Avro builder each time cost more than the counting.
     */
    public static JudgeMetricsWindow add(JudgeMetricsWindow window, Observation o) {
        JudgeMetricsWindow b = Objects.requireNonNull(window);
        b.setJudgeCalls(b.getJudgeCalls() + o.judgeCalls());
        if (o instanceof Observation.Graded g) addGraded(b, g);
        else addCompared(b, (Observation.Compared) o);
        return b;
    }

    private static void addGraded(JudgeMetricsWindow b, Observation.Graded g) {
        b.setVerdicts(b.getVerdicts() + 1);
        if (g.status() == RewardStatus.OK) b.setVerdictsOk(b.getVerdictsOk() + 1);
        if (g.status() == RewardStatus.PARSE_FAILED) b.setParseFailures(b.getParseFailures() + 1);
        if (g.status() == RewardStatus.JUDGE_FAILED) b.setJudgeFailures(b.getJudgeFailures() + 1);
        if (g.truncated()) b.setTruncations(b.getTruncations() + 1);
        if (g.hackingFlagged()) b.setHackingFlags(b.getHackingFlags() + 1);
        if (g.rating().isEmpty()) return;
        double y = g.rating().getAsDouble();
        List<Long> histogram = b.getRatingHistogram();
        int bucket = Math.min(RATING_BUCKETS - 1, Math.max(0, (int) Math.floor(y * RATING_BUCKETS)));
        histogram.set(bucket, histogram.get(bucket) + 1);
        b.setRatingSum(b.getRatingSum() + y);
        b.setRatingSumSquares(b.getRatingSumSquares() + y * y);
        g.voteAgreement().ifPresent(a -> {
            b.setVoteCount(b.getVoteCount() + 1);
            b.setVoteAgreementSum(b.getVoteAgreementSum() + a);
        });
        double x = g.responseKiloChars();
        b.setLengthRatingN(b.getLengthRatingN() + 1);
        b.setLengthSum(b.getLengthSum() + x);
        b.setLengthSumSquares(b.getLengthSumSquares() + x * x);
        b.setLengthRatingSumProducts(b.getLengthRatingSumProducts() + x * y);
    }

    private static void addCompared(JudgeMetricsWindow b, Observation.Compared c) {
        b.setPairs(b.getPairs() + 1);
        if (c.measured()) b.setConsistencyMeasured(b.getConsistencyMeasured() + 1);
        if (c.consistent()) b.setConsistent(b.getConsistent() + 1);
        b.setShownFirstWon(b.getShownFirstWon() + c.shownFirst());
        b.setShownSecondWon(b.getShownSecondWon() + c.shownSecond());
        b.setShownTie(b.getShownTie() + c.shownTie());
        switch (c.lengthWinner()) {
            case LONGER -> b.setLongerWon(b.getLongerWon() + 1);
            case SHORTER -> b.setShorterWon(b.getShorterWon() + 1);
            case TIE -> b.setLengthTie(b.getLengthTie() + 1);
            case NOT_COUNTED -> { }
        }
    }

    /** The record as emitted: its counts with the ratios derived from them (null where a denominator is 0). */
    public static JudgeMetricsWindow closed(JudgeMetricsWindow w) {
        long shown = w.getShownFirstWon() + w.getShownSecondWon() + w.getShownTie();
        return JudgeMetricsWindow.newBuilder(w)
                .setParseFailureRate(ratio(w.getParseFailures(), w.getVerdicts()))
                .setPositionConsistency(ratio(w.getConsistent(), w.getConsistencyMeasured()))
                .setFirstPositionRate(ratio(w.getShownFirstWon(), shown))
                .setTieRate(ratio(w.getShownTie(), shown))
                .setRatingLengthCorrelation(correlation(w))
                .build();
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : part / (double) whole;
    }

    /** Pearson's r from the sums; null with fewer than two points or no spread in either variable. */
    static Double correlation(JudgeMetricsWindow w) {
        long n = w.getLengthRatingN();
        if (n < 2) return null;
        double sx = w.getLengthSum();
        double sy = w.getRatingSum();
        double varX = n * w.getLengthSumSquares() - sx * sx;
        double varY = n * w.getRatingSumSquares() - sy * sy;
        if (varX <= 1e-12 || varY <= 1e-12) return null;
        return (n * w.getLengthRatingSumProducts() - sx * sy) / Math.sqrt(varX * varY);
    }
}
