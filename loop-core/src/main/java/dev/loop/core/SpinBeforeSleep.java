package dev.loop.core;

import dev.loop.spi.LoopClock;
import dev.loop.spi.Poller;

/**
 * When the poll phase spins instead of blocking: the loop's idle strategy, in the spirit of
 * Agrona's {@code IdleStrategy}. Blocking costs a wake-up (a syscall, an unpark) that a producer
 * must pay, and that a virtualized machine makes slow; spinning costs a core. Two cases earn a spin:
 * <ul>
 *   <li><b>Mid-burst.</b> The last poll phase ran more than one cross-thread task: a producer is
 *       streaming and refills the queue within nanoseconds, so the loop watches the queue for a
 *       bounded number of checks before blocking. Not after a lone task: that task has often just
 *       woken a thread, which Linux tends to place on this CPU, and spinning would delay it. Once
 *       a task shows up the loop pauses briefly before draining, so that the producer runs a few
 *       cache lines ahead instead of sharing each one with the consumer.</li>
 *   <li><b>Adaptive reply wait</b>, when {@code LoopOptions.spinBeforeSleep()} asks for it
 *       (worker loops), or while a work-pool call of this loop is in flight
 *       ({@code PollerContext.offloadStarted()}: a file read from the page cache answers within
 *       tens of microseconds, about what a park and an unpark cost here), and only on the system
 *       clock (a virtual clock's loop never depends on real time). A sleep that ended with a
 *       submission sooner than the longest spin opens the window to its maximum; each spin that
 *       catches nothing halves it, down to nothing. So a partner
 *       that answers within microseconds (a postMessage ping-pong) is caught spinning, and a loop
 *       that waits on slow events stops spinning after a few sleeps and never spins longer than it
 *       would have slept.</li>
 * </ul>
 * {@code WakeupLatencyBenchmark} and {@code CrossThreadSubmitBenchmark} in loop-bench measure both
 * choices; their figures are in {@code bench/RESULTS.md}.
 *
 * <p>The calling pattern, once per poll phase:
 * <pre>{@code
 * long timeout = pollTimeout();
 * if (timeout != 0 && idle.spinForSubmission(timeout)) {
 *     timeout = 0;                       // a task arrived while spinning: do not block
 * }
 * long slept = idle.sleepBegins(timeout);
 * poller.poll(timeout);
 * idle.sleepEnded(slept);
 * idle.drained(inbox.drain(runner, budget));
 * }</pre>
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class SpinBeforeSleep {

    /** Empty checks of the queue, mid-burst, before blocking. */
    private static final int CHECKS_MID_BURST = 1024;
    /** Pauses between seeing the first task of a burst and draining. */
    private static final int PAUSES_BEFORE_CATCHING_UP = 64;
    /** The adaptive window's maximum: a sleep shorter than this that ends with a submission opens it. */
    static final long MAX_WINDOW_NANOS = 50_000;
    private static final long MIN_WINDOW_NANOS = 1_000;
    /** Returned by {@link #sleepBegins} when the sleep is not timed. */
    private static final long UNTIMED = Long.MIN_VALUE;

    private final LoopClock clock;
    private final MpscTaskQueue inbox;
    /** The options ask for the adaptive wait at all times. */
    private final boolean alwaysAdaptive;
    /** The clock is real time; the adaptive wait never runs otherwise. */
    private final boolean realTime;
    /** Work-pool calls in flight ({@link #replyAwaited()}): while any is, the adaptive wait may run. */
    private int awaitedReplies;
    /** The last poll phase ran more than one cross-thread task. */
    private boolean midBurst;
    /** The adaptive window, in nanoseconds; 0 for none. */
    private long windowNanos;

    /**
     * @param alwaysAdaptive whether the adaptive reply wait may run at all times (the options ask
     *     for it), not only while a reply is awaited
     * @param realTime whether {@code clock} is the system clock; if not, the adaptive wait never runs
     */
    SpinBeforeSleep(LoopClock clock, MpscTaskQueue inbox, boolean alwaysAdaptive, boolean realTime) {
        this.clock = clock;
        this.inbox = inbox;
        this.alwaysAdaptive = alwaysAdaptive;
        this.realTime = realTime;
    }

    /** A work-pool call of this loop started: its completion comes soon, from another thread. */
    void replyAwaited() {
        awaitedReplies++;
    }

    /** A call counted by {@link #replyAwaited()} has completed. */
    void replyArrived() {
        awaitedReplies--;
    }

    private boolean adaptive() {
        return realTime && (alwaysAdaptive || awaitedReplies > 0);
    }

    /**
     * Spins before a blocking poll if either case above applies; true if a submission arrived, in
     * which case the poll must not block.
     *
     * @param timeoutNanos the poll's timeout, not 0, or {@link Poller#INFINITE}
     */
    boolean spinForSubmission(long timeoutNanos) {
        if (midBurst && awaitBurst()) {
            return true;
        }
        return windowNanos > 0 && adaptive() && awaitReply(timeoutNanos);
    }

    /** The loop is about to block for {@code timeoutNanos}; returns what {@link #sleepEnded} takes. */
    long sleepBegins(long timeoutNanos) {
        return timeoutNanos != 0 && adaptive() ? clock.nanoTime() : UNTIMED;
    }

    /** The poller returned: a short sleep that a submission ended opens the adaptive window. */
    void sleepEnded(long began) {
        if (began != UNTIMED && clock.nanoTime() - began < MAX_WINDOW_NANOS && !inbox.isEmpty()) {
            windowNanos = MAX_WINDOW_NANOS;
        }
    }

    /** The poll phase ran {@code tasks} cross-thread tasks. */
    void drained(int tasks) {
        midBurst = tasks > 1;
    }

    /** The adaptive window, for tests. */
    long windowNanos() {
        return windowNanos;
    }

    private boolean awaitBurst() {
        for (int i = 0; i < CHECKS_MID_BURST; i++) {
            if (inbox.hasPublished()) {
                for (int k = 0; k < PAUSES_BEFORE_CATCHING_UP; k++) {
                    Thread.onSpinWait();
                }
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private boolean awaitReply(long timeoutNanos) {
        long window = timeoutNanos == Poller.INFINITE ? windowNanos : Math.min(windowNanos, timeoutNanos);
        long start = clock.nanoTime();
        int spins = 0;
        do {
            if (inbox.hasPublished()) {
                return true;
            }
            // Yield now and then: the last task often woke a thread that Linux placed on this CPU,
            // and a pure spin would hold it off until preempted.
            if ((++spins & 63) == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        } while (clock.nanoTime() - start < window);
        windowNanos = windowNanos / 2 < MIN_WINDOW_NANOS ? 0 : windowNanos / 2;
        return false;
    }
}
