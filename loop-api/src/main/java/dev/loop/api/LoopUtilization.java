package dev.loop.api;

import java.time.Duration;

/**
 * How busy a loop has been: Node's {@code performance.eventLoopUtilization()}. {@code idle} is the
 * time the loop waited for work in its poll phase (spinning, then blocked), {@code active} the
 * rest of the time it ran ({@code run()} and its variants), and {@code utilization} the share of
 * active time. The figures are cumulative from the loop's creation; {@link #since} gives them for
 * an interval, as {@code eventLoopUtilization(earlier)} does in Node.
 *
 * <pre>{@code
 * LoopUtilization before = loop.utilization();
 * // ... later
 * LoopUtilization last = loop.utilization().since(before);
 * if (last.utilization() > 0.9) log("the loop is saturated");
 * }</pre>
 *
 * @param idle time spent waiting for work
 * @param active time spent running callbacks and the loop's own steps
 * @param utilization {@code active / (idle + active)}, 0 when both are 0
 */
public record LoopUtilization(Duration idle, Duration active, double utilization) {

    /**
     * The utilisation from {@code idle} and {@code active} nanoseconds.
     *
     * @param idleNanos time spent waiting for work
     * @param activeNanos time spent running
     * @return the utilisation
     */
    public static LoopUtilization of(long idleNanos, long activeNanos) {
        long total = idleNanos + activeNanos;
        return new LoopUtilization(Duration.ofNanos(idleNanos), Duration.ofNanos(activeNanos),
                total == 0 ? 0 : (double) activeNanos / total);
    }

    /**
     * The utilisation between {@code earlier} and this reading (Node's
     * {@code eventLoopUtilization(elu1)}).
     *
     * @param earlier an earlier reading of the same loop
     * @return the difference
     */
    public LoopUtilization since(LoopUtilization earlier) {
        return of(Math.max(0, idle.minus(earlier.idle).toNanos()), Math.max(0, active.minus(earlier.active).toNanos()));
    }
}
