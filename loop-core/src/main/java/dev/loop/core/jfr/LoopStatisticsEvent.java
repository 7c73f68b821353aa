package dev.loop.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Every second (unless the recording says otherwise), for each live loop: its utilisation over the
 * period, the delay percentiles of its newest enabled delay histogram (0 without one), the depth
 * of its cross-thread queue and the handles that keep it alive.
 */
@Name("dev.loop.LoopStatistics")
@Label("Loop Statistics")
@Category({"Loop", "Event Loop"})
@Description("A loop's utilisation, delay, queue depth and active handles")
@Enabled(false)
@Period("1 s")
@StackTrace(false)
public final class LoopStatisticsEvent extends Event {

    /** The loop's name. */
    @Label("Loop")
    public String loop;

    /** Active time over the period, from 0 to 1. */
    @Label("Utilization")
    @Percentage
    public double utilization;

    /** The delay histogram's median. */
    @Label("Delay p50")
    @Timespan(Timespan.NANOSECONDS)
    public long delayP50;

    /** The delay histogram's 99th percentile. */
    @Label("Delay p99")
    @Timespan(Timespan.NANOSECONDS)
    public long delayP99;

    /** The delay histogram's maximum. */
    @Label("Delay Max")
    @Timespan(Timespan.NANOSECONDS)
    public long delayMax;

    /** Tasks from other threads waiting. */
    @Label("Queue Depth")
    public int queueDepth;

    /** Referenced handles and requests that keep the loop alive. */
    @Label("Active Handles")
    public long activeHandles;
}
