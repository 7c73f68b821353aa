package dev.loop.core;

import dev.loop.api.DelayHistogram;
import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Node's {@code monitorEventLoopDelay}: an unreferenced interval timer that records the time
 * between its firings in an HdrHistogram (1 ns to an hour, three significant digits, as Node's).
 *
 * <p><b>Thread safety:</b> enable and disable on the loop thread; the histogram is synchronised
 * (a record every resolution, so the lock costs nothing that matters), so readings may come from
 * any thread.
 */
final class DelayMonitor implements DelayHistogram {

    private static final long HOUR_NANOS = 3_600_000_000_000L;

    private final EventLoop loop;
    private final long resolutionMillis;
    private final SynchronizedHistogram histogram = new SynchronizedHistogram(1, HOUR_NANOS, 3);
    private volatile long exceeds;
    /** Loop thread only. */
    private Timeout timer;
    private long previous;

    DelayMonitor(EventLoop loop, long resolutionMillis) {
        this.loop = loop;
        this.resolutionMillis = resolutionMillis;
    }

    @Override
    public boolean enable() {
        requireLoopThread("enable");
        if (timer != null) {
            return false;
        }
        previous = loop.hrtime();
        timer = loop.setInterval(this::sample, resolutionMillis).unref();
        return true;
    }

    private void sample() {
        long now = loop.hrtime();
        long delay = now - previous;
        previous = now;
        if (delay > HOUR_NANOS) {
            exceeds++; // only the loop thread writes
        } else if (delay > 0) {
            histogram.recordValue(delay);
        }
    }

    @Override
    public boolean disable() {
        requireLoopThread("disable");
        if (timer == null) {
            return false;
        }
        timer.close();
        timer = null;
        return true;
    }

    @Override
    public void reset() {
        histogram.reset();
        exceeds = 0;
    }

    @Override
    public long min() {
        return histogram.getTotalCount() == 0 ? Long.MAX_VALUE : histogram.getMinValue();
    }

    @Override
    public long max() {
        return histogram.getMaxValue();
    }

    @Override
    public double mean() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMean();
    }

    @Override
    public double stddev() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getStdDeviation();
    }

    @Override
    public long percentile(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("a percentile is above 0 and at most 100, not " + percentile);
        }
        return histogram.getValueAtPercentile(percentile);
    }

    @Override
    public NavigableMap<Double, Long> percentiles() {
        NavigableMap<Double, Long> steps = new TreeMap<>();
        synchronized (histogram) {
            if (histogram.getTotalCount() == 0) {
                steps.put(100.0, 0L);
                return steps;
            }
            for (HistogramIterationValue step : histogram.percentiles(1)) {
                steps.put(step.getPercentileLevelIteratedTo(), step.getValueIteratedTo());
            }
        }
        return steps;
    }

    @Override
    public long count() {
        return histogram.getTotalCount();
    }

    @Override
    public long exceeds() {
        return exceeds;
    }

    private void requireLoopThread(String method) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("DelayHistogram." + method + " must be called on its loop's thread (" + loop + ")");
        }
    }

    @Override
    public String toString() {
        return "DelayHistogram[every " + resolutionMillis + " ms, " + count() + " samples]";
    }
}
