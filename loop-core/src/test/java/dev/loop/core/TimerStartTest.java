package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A timer starts at the time of the call, as Node's do: setTimeout reads the clock (Node's
 * getLibuvNow calls uv_update_time first), so a callback that runs for a while does not make the
 * timers it arms late in the call early. The virtual clock is advanced inside the callback, as a
 * busy loop would let time pass (issue 12).
 */
class TimerStartTest {

    private final VirtualTime time = new VirtualTime();
    private final EventLoop loop = time.newLoop();
    private final List<String> log = new ArrayList<>();

    /**
     * Issue 12's reproduction, run in the poll phase as an fs callback is. Node 20, 3 of 3 runs:
     * A caught a C tA B D E. Timers that all started at the iteration's cached time gave
     * D A caught a C tA E B.
     */
    @Test
    void timersArmedWhileACallbackRunsCountFromTheirCall() {
        loop.onUncaughtException((error, phase) -> log.add("caught " + error.getMessage()));
        loop.run(() -> loop.execute(() -> {
            loop.setTimeout(() -> {
                log.add("A");
                loop.nextTick(() -> log.add("tA"));
                throw new IllegalStateException("a");
            }, 2);
            time.advanceMillis(1);
            loop.setTimeout(() -> log.add("B"), 11);
            time.advanceMillis(14);
            loop.setTimeout(() -> log.add("D"), 1);
            time.advanceMillis(2);
            loop.setTimeout(() -> log.add("C"), 2);
            time.advanceMillis(3);
            loop.setTimeout(() -> log.add("E"), 9);
            time.advanceMillis(12);
        }));
        assertEquals(List.of("A", "caught a", "C", "tA", "B", "D", "E"), log);
    }

    /** The case that hurts: setTimeout(f, 100) after a 200 ms computation fires 100 ms after the call. */
    @Test
    void aTimeoutArmedAfterALongComputationWaitsItsFullDelay() {
        long[] firedAt = {-1};
        long[] armedAt = {-1};
        loop.run(() -> {
            time.advanceMillis(200);
            loop.setTimeout(() -> firedAt[0] = loop.now(), 100);
            armedAt[0] = loop.now();
        });
        assertEquals(200, armedAt[0], "arming read the clock: now() is the time of the call");
        assertEquals(300, firedAt[0]);
    }

    /** refresh() restarts from the time of the call, as Node's insert() with getLibuvNow(). */
    @Test
    void refreshCountsFromTheTimeOfTheCall() {
        long[] firedAt = {-1};
        loop.run(() -> {
            Timeout timer = loop.setTimeout(() -> firedAt[0] = loop.now(), 10);
            loop.setImmediate(() -> {
                time.advanceMillis(7);
                timer.refresh();
            });
        });
        assertEquals(17, firedAt[0]);
    }

    /**
     * An interval re-arms from the time read just before its callback ran (Node's listOnTimeout
     * takes start = getLibuvNow() before calling it), not after: its callback runs 3 ms and arms X
     * for 8 ms; the interval's next run (10 + 10) comes before X (13 + 8).
     */
    @Test
    void anIntervalCountsItsNextRunFromJustBeforeItsCallback() {
        List<String> fired = new ArrayList<>();
        loop.run(() -> {
            Timeout[] interval = new Timeout[1];
            interval[0] = loop.setInterval(() -> {
                fired.add("interval@" + loop.now());
                if (fired.size() == 1) {
                    time.advanceMillis(3);
                    loop.setTimeout(() -> fired.add("X"), 8);
                } else {
                    interval[0].close();
                }
            }, 10);
        });
        assertEquals(List.of("interval@10", "interval@20", "X"), fired);
    }

    /**
     * When the timers phase ends, Node's RunTimers sets its timer for the first list's expiry
     * counted from the loop's cached time, and for 1 ms when that expiry has passed: A runs at 10,
     * computes 5 ms and arms C (the cached time becomes 15), so B, due at 11, waits until 16, not
     * until the next iteration at 15.
     */
    @Test
    void aTimerThatFellDueDuringTheTimersPhaseWaitsOneMillisecondFromTheCachedTime() {
        long[] bRanAt = {-1};
        loop.run(() -> {
            loop.setTimeout(() -> {
                time.advanceMillis(5);
                loop.setTimeout(() -> { }, 100).unref();
            }, 10);
            loop.setTimeout(() -> bRanAt[0] = loop.now(), 11);
        });
        assertEquals(16, bRanAt[0]);
    }

    /**
     * Node 20's libuv (1.46) fires its timer handle again in the same phase while the handle is
     * due at the loop's cached time. A's nextTick, drained when the phase ends, arms B (due at 7),
     * computes 4 ms and arms C, which moves the cached time to 9: B runs at once, before the
     * immediate. Node 20, 3 of 3 runs (at 40 real ms per ms): A B I C.
     */
    @Test
    void aTimerArmedWhileTheTimersPhaseEndsRunsInTheSamePhaseOnceItIsDue() {
        loop.run(() -> loop.setTimeout(() -> {
            log.add("A");
            loop.nextTick(() -> {
                loop.setTimeout(() -> log.add("B@" + loop.now()), 2);
                time.advanceMillis(4);
                loop.setImmediate(() -> log.add("I"));
                loop.setTimeout(() -> log.add("C"), 10);
            });
        }, 5));
        assertEquals(List.of("A", "B@9", "I", "C"), log);
    }
}
