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

    /** {@code median [q1–q3], min–max, n=N} with the given number of decimals. */
    String format(int decimals) {
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " (IQR " + f + "–" + f + ", range " + f + "–" + f + ", n=%d)", median,
                q1, q3, min, max, n);
    }
}
