package dev.understudy.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The repetitions of one measured figure: median, the spread (min–max, p25–p75) and how many there were.
 *
 * @param median the figure the table reports
 * @param min    the smallest repetition
 * @param max    the largest repetition
 * @param p25    the 25th percentile (linear interpolation between closest ranks)
 * @param p75    the 75th percentile
 * @param count  how many repetitions
 */
public record Summary(double median, double min, double max, double p25, double p75, int count) {

    /** Summarises at least one value. */
    public static Summary of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("Summary: expected at least one value, got none");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Summary(percentile(sorted, 50), sorted[0], sorted[sorted.length - 1],
                percentile(sorted, 25), percentile(sorted, 75), sorted.length);
    }

    /** As {@link #of(List)}. */
    public static Summary of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** The p-th percentile of sorted values, interpolating linearly between the closest ranks (p 50 is the median). */
    static double percentile(double[] sorted, double p) {
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile: expected 0-100, got " + p);
        }
        double rank = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }

    /** "median (min–max)" with this many decimals; just the median when there was one repetition. */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        if (count == 1 || min == max) {
            return String.format(Locale.ROOT, f, median);
        }
        return String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", median, min, max);
    }
}
