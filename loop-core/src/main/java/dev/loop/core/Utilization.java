package dev.loop.core;

import dev.loop.api.LoopUtilization;
import dev.loop.spi.LoopClock;

/**
 * One loop's running and waiting time, for {@link LoopUtilization}: the loop thread marks when a
 * {@code run()} starts and ends and when its poll phase starts and stops waiting for work; any
 * thread reads. Marks cost a clock read and a volatile write each, and only when the loop waits
 * (a busy loop, whose poll phase does not wait, pays nothing per iteration).
 *
 * <p><b>Thread safety:</b> the marks on the loop thread; {@link #read} on any thread. A reading
 * on another thread takes the fields one by one, so it may be off by the wait in progress; never
 * negative.
 */
final class Utilization {

    /** The mark of no span in progress: no clock reads it (a clock may read 0, a virtual one does). */
    private static final long NONE = Long.MIN_VALUE;

    private final LoopClock clock;
    /** The {@code run()} calls. */
    private final Span running = new Span();
    /** The poll phase's waits for work. */
    private final Span idle = new Span();

    /**
     * Time summed over spans that start and end on the loop thread, readable on any thread.
     * Invariant: {@code since} is {@link #NONE} between spans; {@code before} only grows.
     */
    private static final class Span {
        /** When the current span began, or {@link #NONE} between spans. */
        private volatile long since = NONE;
        /** Nanoseconds of the spans that ended. */
        private volatile long before;

        void start(long now) {
            since = now;
        }

        void end(long now) {
            long start = since;
            if (start != NONE) {
                before += now - start; // only the loop thread writes
                since = NONE;
            }
        }

        /** The ended spans, and the one in progress up to {@code now}. */
        long total(long now) {
            long start = since;
            return before + (start == NONE ? 0 : Math.max(0, now - start));
        }
    }

    Utilization(LoopClock clock) {
        this.clock = clock;
    }

    void runStarted() {
        running.start(clock.nanoTime());
    }

    void runEnded() {
        running.end(clock.nanoTime());
    }

    void idleStarted() {
        idle.start(clock.nanoTime());
    }

    void idleEnded() {
        idle.end(clock.nanoTime());
    }

    LoopUtilization read() {
        long now = clock.nanoTime();
        long waited = idle.total(now);
        long ran = running.total(now);
        return LoopUtilization.of(Math.min(waited, ran), Math.max(0, ran - waited));
    }
}
