package cn.mutualaid.testing;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Milliseconds of repeated work, for the services' volume benchmarks (tag "benchmark"): some untimed rounds first (the
 * JIT, the connections), then every round timed on its own. A round's work must answer something: work that answers
 * null did not do what was timed.
 */
public final class Timings {
    private Timings() {
    }

    /** The median and the tail of some rounds' milliseconds. */
    public record Timing(double p50, double p95, double p99) {
        public static Timing of(double[] ms) {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            return new Timing(at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
        }

        private static double at(double[] sorted, double quantile) {
            return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))];
        }

        @Override
        public String toString() {
            return String.format("p50 %.2f ms p95 %.2f ms p99 %.2f ms", p50, p95, p99);
        }
    }

    /** {@code work} run {@code warmUp} times untimed, then {@code rounds} times, each timed. */
    public static Timing time(int warmUp, int rounds, Supplier<?> work) {
        for (int i = 0; i < warmUp; i++) {
            work.get();
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ms[i] = timed(work);
        }
        return Timing.of(ms);
    }

    /**
     * Two kinds of work taking turns round by round (after {@code warmUp} untimed turns), so that the machine's noise
     * falls on both alike: their timings in that order.
     */
    public static Timing[] alternating(int warmUp, int rounds, Supplier<?> a, Supplier<?> b) {
        for (int i = 0; i < warmUp; i++) {
            a.get();
            b.get();
        }
        double[][] ms = new double[2][rounds];
        for (int i = 0; i < rounds; i++) {
            ms[0][i] = timed(a);
            ms[1][i] = timed(b);
        }
        return new Timing[] {Timing.of(ms[0]), Timing.of(ms[1])};
    }

    private static double timed(Supplier<?> work) {
        long start = System.nanoTime();
        Object answer = work.get();
        double ms = (System.nanoTime() - start) / 1e6;
        if (answer == null) {
            throw new AssertionError("a timed round answered nothing");
        }
        return ms;
    }
}
