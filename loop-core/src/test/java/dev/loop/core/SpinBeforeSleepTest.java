package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.spi.LoopClock;
import dev.loop.spi.Poller;
import org.junit.jupiter.api.Test;

/** The poll phase's idle strategy: when it spins, and how its adaptive window opens and closes. */
class SpinBeforeSleepTest {

    private final MpscTaskQueue inbox = new MpscTaskQueue(0, new Poller() {
        @Override
        public void poll(long timeoutNanos) {
        }

        @Override
        public void wakeup() {
        }

        @Override
        public void close() {
        }
    }, "test");

    /** A clock the test moves: a spin of the adaptive wait ends when it has advanced past the window. */
    private final long[] nanos = {0};
    private final LoopClock manual = () -> nanos[0] += 1_000;

    private void emptyInbox() {
        inbox.drain(Runnable::run, Integer.MAX_VALUE);
    }

    @Test
    void aShortSleepEndedByASubmissionOpensTheWindowAndEachMissHalvesIt() {
        SpinBeforeSleep idle = new SpinBeforeSleep(manual, inbox, true, true);
        assertEquals(0, idle.windowNanos());
        long began = idle.sleepBegins(Poller.INFINITE);
        inbox.offerOrReject(() -> { });
        idle.sleepEnded(began);
        assertEquals(SpinBeforeSleep.MAX_WINDOW_NANOS, idle.windowNanos());
        emptyInbox();
        assertFalse(idle.spinForSubmission(Poller.INFINITE));
        assertEquals(SpinBeforeSleep.MAX_WINDOW_NANOS / 2, idle.windowNanos());
        while (idle.windowNanos() > 0) {
            assertFalse(idle.spinForSubmission(Poller.INFINITE));
        }
    }

    @Test
    void aSubmissionWithinTheWindowEndsTheSpin() {
        SpinBeforeSleep idle = new SpinBeforeSleep(manual, inbox, true, true);
        long began = idle.sleepBegins(Poller.INFINITE);
        inbox.offerOrReject(() -> { });
        idle.sleepEnded(began);
        assertTrue(idle.spinForSubmission(Poller.INFINITE));
        assertEquals(SpinBeforeSleep.MAX_WINDOW_NANOS, idle.windowNanos());
    }

    @Test
    void aLongSleepOrOneThatNoSubmissionEndedLeavesTheWindowShut() {
        SpinBeforeSleep idle = new SpinBeforeSleep(manual, inbox, true, true);
        idle.sleepEnded(idle.sleepBegins(Poller.INFINITE));
        assertEquals(0, idle.windowNanos(), "no submission");
        long began = idle.sleepBegins(Poller.INFINITE);
        nanos[0] += SpinBeforeSleep.MAX_WINDOW_NANOS;
        inbox.offerOrReject(() -> { });
        idle.sleepEnded(began);
        assertEquals(0, idle.windowNanos(), "a sleep longer than the window");
    }

    @Test
    void neverAdaptiveWhenNotAskedFor() {
        SpinBeforeSleep idle = new SpinBeforeSleep(manual, inbox, false, true);
        long began = idle.sleepBegins(Poller.INFINITE);
        inbox.offerOrReject(() -> { });
        idle.sleepEnded(began);
        assertEquals(0, idle.windowNanos());
    }

    @Test
    void whileAnOffloadIsAwaitedItIsAdaptiveWithoutTheOption() {
        SpinBeforeSleep idle = new SpinBeforeSleep(manual, inbox, false, true);
        idle.replyAwaited();
        long began = idle.sleepBegins(Poller.INFINITE);
        inbox.offerOrReject(() -> { });
        idle.sleepEnded(began);
        assertEquals(SpinBeforeSleep.MAX_WINDOW_NANOS, idle.windowNanos(), "a pool call answered within the window");
        assertTrue(idle.spinForSubmission(Poller.INFINITE));
        emptyInbox();
        idle.replyArrived();
        long before = nanos[0];
        assertFalse(idle.spinForSubmission(Poller.INFINITE), "nothing awaited: no spin");
        assertEquals(before, nanos[0], "it did not even read the clock");
        assertEquals(SpinBeforeSleep.MAX_WINDOW_NANOS, idle.windowNanos(), "the window waits for the next offload");
    }

    @Test
    void neverAdaptiveOnAVirtualClock() {
        SpinBeforeSleep idle = new SpinBeforeSleep(manual, inbox, true, false);
        idle.replyAwaited();
        long began = idle.sleepBegins(Poller.INFINITE);
        inbox.offerOrReject(() -> { });
        idle.sleepEnded(began);
        assertEquals(0, idle.windowNanos());
    }

    @Test
    void midBurstItWatchesTheQueueAndAfterALoneTaskItDoesNot() {
        SpinBeforeSleep idle = new SpinBeforeSleep(manual, inbox, false, true);
        inbox.offerOrReject(() -> { });
        idle.drained(1);
        assertFalse(idle.spinForSubmission(Poller.INFINITE), "a lone task: block at once");
        idle.drained(2);
        assertTrue(idle.spinForSubmission(Poller.INFINITE), "mid-burst: the queued task is seen");
        emptyInbox();
        assertFalse(idle.spinForSubmission(Poller.INFINITE), "mid-burst, nothing comes: block after the checks");
    }
}
