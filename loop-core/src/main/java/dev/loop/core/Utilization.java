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

    /** The mark of no run or wait in progress: no clock reads it (a clock may read 0, a virtual one does). */
    private static final long NONE = Long.MIN_VALUE;

    private final LoopClock clock;
    /** When the current {@code run()} began, or {@link #NONE} outside one. */
    private volatile long runningSince = NONE;
    /** Nanoseconds of the {@code run()} calls that ended. */
    private volatile long ranBefore;
    /** When the current wait began, or {@link #NONE} when the loop is not waiting. */
    private volatile long idleSince = NONE;
    /** Nanoseconds of the waits that ended. */
    private volatile long idleBefore;

    Utilization(LoopClock clock) {
        this.clock = clock;
    }

    void runStarted() {
        runningSince = clock.nanoTime();
    }

    void runEnded() {
        long since = runningSince;
        if (since != NONE) {
            ranBefore += clock.nanoTime() - since; // only the loop thread writes
            runningSince = NONE;
        }
    }

    void idleStarted() {
        idleSince = clock.nanoTime();
    }

    void idleEnded() {
        long since = idleSince;
        if (since != NONE) {
            idleBefore += clock.nanoTime() - since; // only the loop thread writes
            idleSince = NONE;
        }
    }

    LoopUtilization read() {
        long now = clock.nanoTime();
        long idleStart = idleSince;
        long idle = idleBefore + (idleStart == NONE ? 0 : Math.max(0, now - idleStart));
        long runStart = runningSince;
        long ran = ranBefore + (runStart == NONE ? 0 : Math.max(0, now - runStart));
        return LoopUtilization.of(Math.min(idle, ran), Math.max(0, ran - idle));
    }
}
