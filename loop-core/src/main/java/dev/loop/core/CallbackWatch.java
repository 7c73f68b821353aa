package dev.loop.core;

import dev.loop.api.Phase;

/**
 * What the blocked-loop detector sees of one loop: when the callback that runs now began, and in
 * which phase. The loop thread stamps each callback's start and end (two plain volatile stores and
 * a clock read); the detector's thread samples them, and keeps its own bookkeeping here.
 *
 * <p><b>Thread safety:</b> {@link #begin} and {@link #end} on the loop thread; the rest on the
 * detector's thread. The volatile stamps are the only fields both touch.
 */
final class CallbackWatch {

    /** No callback runs. */
    static final long IDLE = Long.MIN_VALUE;

    final String loopName;
    final Thread owner;
    final long thresholdNanos;
    /** {@code System.nanoTime()} when the running callback began, or {@link #IDLE}. */
    volatile long startedAt = IDLE;
    /** When the last callback ended. */
    volatile long endedAt;
    volatile Phase phase;

    // The detector's thread only.
    /** The start of the callback reported as blocked, or {@link #IDLE}. */
    long reportedStart = IDLE;
    Phase reportedPhase;
    long lastReportAt;

    CallbackWatch(String loopName, Thread owner, long thresholdNanos) {
        this.loopName = loopName;
        this.owner = owner;
        this.thresholdNanos = thresholdNanos;
    }

    void begin(Phase running) {
        phase = running;
        startedAt = System.nanoTime();
    }

    void end() {
        endedAt = System.nanoTime();
        startedAt = IDLE;
    }
}
