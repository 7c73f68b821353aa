package dev.loop.api;

import java.util.NavigableMap;

/**
 * How late a loop comes back to its timers: Node's {@code IntervalHistogram} from
 * {@code perf_hooks.monitorEventLoopDelay}. Once {@linkplain #enable() enabled}, an unreferenced
 * timer fires every {@code resolution} and records the time since its previous firing, in
 * nanoseconds, so an idle loop records about the resolution and a blocked one the length of the
 * block. Values are kept in an HdrHistogram with three significant digits, up to an hour; longer
 * ones are counted by {@link #exceeds()}.
 *
 * <pre>{@code
 * DelayHistogram delay = loop.monitorDelay(Duration.ofMillis(10));
 * delay.enable();
 * // ... later
 * System.out.printf("p99 %.1f ms%n", delay.percentile(99) / 1e6);
 * }</pre>
 *
 * <p><b>Thread safety:</b> {@link #enable()} and {@link #disable()} on the loop's thread; the
 * readings and {@link #reset()} on any thread.
 */
public interface DelayHistogram {

    /**
     * Starts sampling.
     *
     * @return false if it was enabled already
     */
    boolean enable();

    /**
     * Stops sampling; what was recorded stays.
     *
     * @return false if it was not enabled
     */
    boolean disable();

    /** Forgets what was recorded. */
    void reset();

    /**
     * The smallest value recorded, in nanoseconds.
     *
     * @return the minimum; {@code Long.MAX_VALUE} before the first sample, as Node's
     */
    long min();

    /**
     * The largest value recorded, in nanoseconds.
     *
     * @return the maximum; 0 before the first sample
     */
    long max();

    /**
     * The mean, in nanoseconds.
     *
     * @return the mean; NaN before the first sample, as Node's
     */
    double mean();

    /**
     * The standard deviation, in nanoseconds.
     *
     * @return the deviation; NaN before the first sample
     */
    double stddev();

    /**
     * The value at {@code percentile}, in nanoseconds.
     *
     * @param percentile from above 0 to 100
     * @return the value, 0 before the first sample
     * @throws IllegalArgumentException outside (0, 100]
     */
    long percentile(double percentile);

    /**
     * Node's {@code percentiles}: each percentile step HdrHistogram reports, and its value.
     *
     * @return percentile to nanoseconds, ascending
     */
    NavigableMap<Double, Long> percentiles();

    /**
     * How many samples were recorded.
     *
     * @return the count
     */
    long count();

    /**
     * How many samples were longer than the histogram can hold (an hour).
     *
     * @return the count
     */
    long exceeds();
}
