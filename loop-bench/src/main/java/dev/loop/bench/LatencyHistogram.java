package dev.loop.bench;

/**
 * Latencies in whole microseconds, counted exactly up to 100 ms and in the last bucket beyond:
 * what the ping-pong clients record per round trip, and the percentiles they print.
 *
 * <p><b>Thread safety:</b> one thread (the client's event loop).
 */
final class LatencyHistogram {

    private static final int MAX_MICROS = 100_000;

    private final int[] counts = new int[MAX_MICROS + 1];
    private long total;

    /** Counts one latency of {@code nanos}. */
    void record(long nanos) {
        counts[(int) Math.min(MAX_MICROS, nanos / 1_000)]++;
        total++;
    }

    /** How many were counted. */
    long count() {
        return total;
    }

    /** Forgets what was counted (the warm-up). */
    void reset() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
    }

    /** The latency in microseconds that a fraction {@code p} of the counted ones do not exceed. */
    long percentile(double p) {
        long target = (long) Math.ceil(p * total);
        long seen = 0;
        for (int micros = 0; micros <= MAX_MICROS; micros++) {
            seen += counts[micros];
            if (seen >= target && target > 0) {
                return micros;
            }
        }
        return MAX_MICROS;
    }
}
