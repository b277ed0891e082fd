package dev.arbiter.app.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Pearson's r and Spearman's rank correlation ρ of two equally long series. Spearman's ρ is
 * Pearson's r of the ranks, ties sharing the average of the ranks they span (the usual
 * definition, which stays exact with ties). Empty when fewer than two points or either series
 * does not vary.
 */
public final class Correlation {

    private Correlation() {}

    public static Optional<Double> pearson(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("series of different lengths");
        int n = x.length;
        if (n < 2) return Optional.empty();
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 || syy == 0) return Optional.empty();
        return Optional.of(sxy / Math.sqrt(sxx * syy));
    }

    public static Optional<Double> spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    /** 1-based ranks, ties given the average of their positions. */
    static double[] ranks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) j++;
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = average;
            i = j + 1;
        }
        return ranks;
    }
}
