package dev.devbox.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median and spread of a handful of samples (milliseconds unless said otherwise). */
public final class Stats {
    private final List<Double> samples = new ArrayList<>();

    public Stats add(double value) {
        samples.add(value);
        return this;
    }

    public int count() {
        return samples.size();
    }

    public double median() {
        return percentile(50);
    }

    public double min() {
        return sorted().get(0);
    }

    public double max() {
        List<Double> s = sorted();
        return s.get(s.size() - 1);
    }

    /** Nearest-rank percentile. */
    public double percentile(double p) {
        List<Double> s = sorted();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        if (p == 50 && s.size() % 2 == 0) {
            return (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    private List<Double> sorted() {
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        return s;
    }

    /** "412 (min 398, max 455, n=5)" */
    public String summary() {
        if (samples.isEmpty()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%s (min %s, max %s, n=%d)", fmt(median()), fmt(min()), fmt(max()), count());
    }

    public static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
