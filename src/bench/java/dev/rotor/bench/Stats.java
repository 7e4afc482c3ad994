package dev.rotor.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median and spread of a sample: minimum, first and third quartile, maximum. */
record Stats(int n, double median, double min, double q1, double q3, double max) {
    static Stats of(List<Double> sample) {
        if (sample.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(sample);
        Collections.sort(sorted);
        return new Stats(sorted.size(), quantile(sorted, 0.5), sorted.get(0), quantile(sorted, 0.25),
                quantile(sorted, 0.75), sorted.get(sorted.size() - 1));
    }

    /** Linear interpolation between the closest ranks. */
    static double quantile(List<Double> sorted, double q) {
        double rank = q * (sorted.size() - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (rank - low);
    }

    /**
     * A distribution-free interval for the median of the population {@code sample} comes from: the k-th smallest
     * and the k-th largest value, with the largest k whose coverage is at least 95 %; for samples too small for
     * that (five or fewer), the whole range. Coverage is the probability that such an interval holds the median,
     * 1 - 2 P(B < k) for B binomial(n, 1/2); it needs no assumption about the distribution.
     */
    static MedianInterval medianInterval(List<Double> sample) {
        if (sample.isEmpty()) {
            return new MedianInterval(Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(sample);
        Collections.sort(sorted);
        int n = sorted.size();
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && 1 - 2 * binomialAtMost(n, k) >= 0.95) {
            k++;
        }
        return new MedianInterval(sorted.get(k - 1), sorted.get(n - k), 1 - 2 * binomialAtMost(n, k - 1));
    }

    /** Two-sided sign test: how likely {@code wins} or a result as lopsided is in {@code n} fair coin tosses. */
    static double signTest(int wins, int n) {
        if (n == 0) {
            return 1;
        }
        return Math.min(1, 2 * binomialAtMost(n, Math.min(wins, n - wins)));
    }

    /** P(B <= j) for B binomial(n, 1/2). */
    static double binomialAtMost(int n, int j) {
        double term = Math.pow(0.5, n);
        double sum = 0;
        for (int i = 0; i <= j && i <= n; i++) {
            sum += term;
            term = term * (n - i) / (i + 1);
        }
        return Math.min(1, sum);
    }

    /** The interval of {@link #medianInterval}: its bounds, and the probability that it covers the median. */
    record MedianInterval(double low, double high, double coverage) {
        /** Whether the sample was large enough for an interval of at least 95 %. */
        boolean conclusive() {
            return coverage >= 0.95;
        }

        /** Whether the median is under {@code value} at 95 % or more: the whole interval is. */
        boolean below(double value) {
            return conclusive() && high < value;
        }

        /** Whether the median is over {@code value} at 95 % or more: the whole interval is. */
        boolean above(double value) {
            return conclusive() && low > value;
        }
    }

    /** {@code median [q1–q3], min–max, n=N} with the given number of decimals. */
    String format(int decimals) {
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " (IQR " + f + "–" + f + ", range " + f + "–" + f + ", n=%d)", median,
                q1, q3, min, max, n);
    }
}
