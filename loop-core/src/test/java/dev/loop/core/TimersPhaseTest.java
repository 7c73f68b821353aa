package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timers phase without a loop: where it drains and how a throw ends a pass, as Node's
 * {@code processTimers}/{@code listOnTimeout} do. The handles belong to a loop that never runs; the
 * phase runs them from a queue and a recording host of its own.
 */
class TimersPhaseTest {

    private final CoreEventLoop owner = (CoreEventLoop) new VirtualTime().newLoop();
    private final TimerQueue queue = new TimerQueue();
    private final RecordingHost host = new RecordingHost();
    private final TimersPhase phase = new TimersPhase(queue, host);

    /** The iteration read {@code now}; the phase runs what is due then. */
    private void runAt(long now) {
        host.cachedNow = now;
        phase.run();
    }

    private void timeout(long delay, Runnable callback) {
        queue.add(new TimerHandle(owner, callback, delay, false), 0, delay);
    }

    @Test
    void drainsBetweenTimersBetweenListsAndOnceAtTheEnd() {
        timeout(1, host.logs("a1"));
        timeout(1, host.logs("a2"));
        timeout(2, host.logs("b1"));
        runAt(5);
        assertEquals(List.of("a1", "drain", "a2", "drain", "b1", "drain"), host.log);
    }

    @Test
    void nothingRunsAndNothingDrainsBeforeTheFirstExpiry() {
        timeout(3, host.logs("a1"));
        runAt(2);
        assertEquals(List.of(), host.log);
        assertEquals(1, queue.size());
    }

    @Test
    void aThrowRestartsThePassAndTheNextTimerOfItsListRunsUndrained() {
        timeout(1, host.throwsAfterLogging("a1"));
        timeout(1, host.logs("a2"));
        timeout(2, host.logs("b1"));
        runAt(5);
        assertEquals(List.of("a1", "report a1", "a2", "drain", "b1", "drain"), host.log);
    }

    @Test
    void whenTheThrowerWasLastInItsListTheNextListIsDrainedFirst() {
        timeout(1, host.throwsAfterLogging("a1"));
        timeout(2, host.logs("b1"));
        runAt(5);
        assertEquals(List.of("a1", "report a1", "drain", "b1", "drain"), host.log);
    }

    @Test
    void aDrainThatThrowsBetweenTimersEndsThePassWithoutASecondAttempt() {
        timeout(1, host.logs("a1"));
        timeout(1, host.logs("a2"));
        host.failingDrains = 1;
        runAt(5);
        // the failed drain is not retried: a2 runs next, in a new pass, undrained
        assertEquals(List.of("a1", "drain", "a2", "drain"), host.log);
    }

    @Test
    void aTimerCancelledByTheDrainBeforeItIsSkipped() {
        timeout(1, host.logs("a1"));
        TimerHandle a2 = new TimerHandle(owner, host.logs("a2"), 1, false);
        queue.add(a2, 0, 1);
        timeout(1, host.logs("a3"));
        host.duringNextDrain = () -> queue.remove(a2, true);
        runAt(5);
        assertEquals(List.of("a1", "drain", "a3", "drain"), host.log);
    }

    @Test
    void aClosingLoopRunsNoMoreTimers() {
        timeout(1, () -> {
            host.log.add("a1");
            host.closed = true;
        });
        timeout(1, host.logs("a2"));
        runAt(5);
        assertEquals(List.of("a1", "drain"), host.log);
    }
}
