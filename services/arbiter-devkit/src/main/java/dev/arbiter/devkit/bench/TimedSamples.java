package dev.arbiter.devkit.bench;

import java.util.Arrays;

/**
 * A log of (wall-clock millisecond, value) samples that many threads append to and a benchmark
 * later cuts into windows: how many fell in a window and their percentiles. Kept as two growing
 * primitive arrays, because a run logs hundreds of thousands of samples and boxing each would
 * cost the very CPU and heap the benchmark measures.
 */
public final class TimedSamples {

    private long[] at = new long[1024];
    private double[] value = new double[1024];
    private int size;

    public synchronized void add(long atMillis, double v) {
        if (size == at.length) {
            at = Arrays.copyOf(at, size * 2);
            value = Arrays.copyOf(value, size * 2);
        }
        at[size] = atMillis;
        value[size] = v;
        size++;
    }

    public synchronized int size() {
        return size;
    }

    /** Samples with {@code from <= at < to}. */
    public synchronized int count(long fromMillis, long toMillis) {
        int n = 0;
        for (int i = 0; i < size; i++) if (at[i] >= fromMillis && at[i] < toMillis) n++;
        return n;
    }

    /** The values of the samples with {@code from <= at < to}, sorted ascending. */
    public synchronized double[] sortedValues(long fromMillis, long toMillis) {
        return sorted(fromMillis, toMillis, false);
    }

    /** The times of the samples with {@code from <= at < to}, sorted ascending. */
    public synchronized double[] sortedTimes(long fromMillis, long toMillis) {
        return sorted(fromMillis, toMillis, true);
    }

    private double[] sorted(long fromMillis, long toMillis, boolean times) {
        double[] out = new double[size];
        int n = 0;
        for (int i = 0; i < size; i++) if (at[i] >= fromMillis && at[i] < toMillis) out[n++] = times ? at[i] : value[i];
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    /** Time of the latest sample, or -1 when there is none. */
    public synchronized long lastAt() {
        long last = -1;
        for (int i = 0; i < size; i++) last = Math.max(last, at[i]);
        return last;
    }

    /** Time of the earliest sample, or -1 when there is none. */
    public synchronized long firstAt() {
        long first = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) first = Math.min(first, at[i]);
        return size == 0 ? -1 : first;
    }

    /** The nearest-rank percentile {@code q} (0–1) of sorted values; NaN when there are none. */
    public static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
