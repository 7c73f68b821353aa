package dev.loop.core;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The blocked-loop detector: one daemon thread for the process samples every watched loop's
 * {@link CallbackWatch} a few times per threshold, without a lock on the loops' path. A callback
 * that has run past its loop's threshold is reported with the loop's name, the phase, the time so
 * far and the loop thread's stack; again every threshold while it runs; and once when it ends,
 * with the total.
 *
 * <p><b>Thread safety:</b> {@link #watch} and {@link #unwatch} from any thread.
 */
final class BlockedLoopDetector {

    private static final List<CallbackWatch> WATCHED = new CopyOnWriteArrayList<>();
    private static final System.Logger LOG = System.getLogger("dev.loop.blocked");
    /** Where reports go; tests replace it. */
    static volatile Consumer<Report> sink = BlockedLoopDetector::log;
    private static Thread thread;

    /**
     * One report.
     *
     * @param text the line (and, for a block, the stack below it)
     * @param stack the loop thread's stack, or null for the line that says a block ended
     */
    record Report(String text, StackTraceElement[] stack) { }

    private BlockedLoopDetector() {
    }

    static synchronized void watch(CallbackWatch watch) {
        WATCHED.add(watch);
        if (thread == null) {
            thread = Thread.ofPlatform().daemon(true).name("loop-blocked-detector").start(BlockedLoopDetector::run);
        }
        LockSupport.unpark(thread); // a shorter threshold than those before: sample at its pace
    }

    /**
     * Stops watching a loop that closed. The detector's thread drops it on its next pass, after it
     * has reported the end of a block it reported (the loop may close before it looked again).
     */
    static synchronized void unwatch(CallbackWatch watch) {
        watch.unwatched = true;
        LockSupport.unpark(thread); // the end line, if one is due, comes now rather than a tick later
    }

    private static void run() {
        while (true) {
            long tick = TimeUnit.MILLISECONDS.toNanos(500);
            long now = System.nanoTime();
            for (CallbackWatch watch : WATCHED) {
                boolean last = watch.unwatched; // read first: a block that ended before it is reported below
                try {
                    sample(watch, now);
                } catch (RuntimeException | Error failed) { // a sink or logger that throws must not end the detector
                    LOG.log(System.Logger.Level.ERROR, "the blocked-loop detector could not report on loop '"
                            + watch.loopName + "'", failed);
                } finally {
                    if (last) {
                        WATCHED.remove(watch);
                    }
                }
                if (!last) {
                    tick = Math.min(tick, Math.max(TimeUnit.MILLISECONDS.toNanos(1), watch.thresholdNanos / 4));
                }
            }
            LockSupport.parkNanos(tick); // the pace of the sampling, not a wait for something
        }
    }

    private static void sample(CallbackWatch watch, long now) {
        long started = watch.startedAt;
        if (watch.reportedStart != CallbackWatch.IDLE && started != watch.reportedStart) {
            long ended = watch.blockedEnd;
            if (ended == 0) {
                return; // the loop thread is between its two stores in end(): look again next time
            }
            long total = ended - watch.reportedStart;
            sink.accept(new Report(String.format(Locale.ROOT, "Loop '%s' is no longer blocked: the callback in its %s phase ran"
                    + " for %,d ms in all", watch.loopName, watch.reportedPhase, TimeUnit.NANOSECONDS.toMillis(Math.max(0, total))), null));
            watch.reportedStart = CallbackWatch.IDLE;
            watch.blockedStart = CallbackWatch.IDLE;
        }
        if (started == CallbackWatch.IDLE || now - started < watch.thresholdNanos) {
            return;
        }
        boolean first = started != watch.reportedStart;
        if (!first && now - watch.lastReportAt < watch.thresholdNanos) {
            return;
        }
        dev.loop.api.Phase phase = watch.phase;
        if (first) {
            watch.blockedEnd = 0;
            watch.blockedStart = started; // before the re-read below: see CallbackWatch.end()
        }
        StackTraceElement[] stack = watch.owner.getStackTrace();
        if (watch.startedAt != started) {
            return; // it ended while the stack was taken: that stack is not the blocking callback's
        }
        watch.reportedStart = started;
        watch.reportedPhase = phase;
        watch.lastReportAt = now;
        dev.loop.core.jfr.LoopBlockedEvent event = new dev.loop.core.jfr.LoopBlockedEvent();
        if (event.isEnabled()) {
            event.loop = watch.loopName;
            event.phase = String.valueOf(phase);
            event.blockedFor = now - started;
            StringBuilder frames = new StringBuilder();
            for (StackTraceElement frame : stack) {
                frames.append(frame).append('\n');
            }
            event.stack = frames.toString();
            event.commit();
        }
        sink.accept(new Report(String.format(Locale.ROOT, "Loop '%s' is blocked%s: a callback in its %s phase has run for %,d ms"
                + " (threshold %,d ms); its thread '%s' is at:", watch.loopName, first ? "" : " still", phase,
                TimeUnit.NANOSECONDS.toMillis(now - started), TimeUnit.NANOSECONDS.toMillis(watch.thresholdNanos),
                watch.owner.getName()), stack));
    }

    private static void log(Report report) {
        if (report.stack() == null) {
            LOG.log(System.Logger.Level.WARNING, report.text());
            return;
        }
        StringBuilder text = new StringBuilder(report.text());
        for (StackTraceElement frame : report.stack()) {
            text.append("\n\tat ").append(frame);
        }
        LOG.log(System.Logger.Level.WARNING, text.toString());
    }
}
