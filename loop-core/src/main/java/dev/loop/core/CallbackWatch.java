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
    volatile Phase phase;
    /** The start of the callback the detector reported blocked, or {@link #IDLE}: the detector writes it. */
    volatile long blockedStart = IDLE;
    /** When that callback ended, or 0 until it has: the loop thread writes it. */
    volatile long blockedEnd;
    /** The loop closed: the detector reports what is due and drops this watch. */
    volatile boolean unwatched;

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

    /**
     * The callback ended. If the detector flagged it as blocked, its end is recorded for the total:
     * the store of {@code IDLE} comes before the read of {@code blockedStart}, and the detector
     * stores {@code blockedStart} before it reads {@code startedAt} again (a Dekker pair), so either
     * the detector sees the callback already ended and reports nothing, or this sees the flag.
     */
    void end() {
        long now = System.nanoTime();
        long started = startedAt;
        startedAt = IDLE;
        if (blockedStart == started) {
            blockedEnd = now;
        }
    }
}
