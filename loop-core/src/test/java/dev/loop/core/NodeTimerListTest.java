package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Node keeps one list of timers per duration and runs due lists in order of (the expiry the list
 * was last scheduled for, then the list's age), each list to its first timer that is not due. So
 * timers due at the same time are not always run in arming order. The expected orders are what
 * Node 20 printed for the same scripts, scaled to real milliseconds.
 */
class NodeTimerListTest {

    private final List<String> log = new ArrayList<>();
    private final VirtualTime time = new VirtualTime();
    private final EventLoop loop = time.newLoop();

    private Runnable record(String label) {
        return () -> log.add(label);
    }

    @Test
    void aListRescheduledAfterAnotherListWasCreatedRunsAfterItAtTheSameExpiry() {
        loop.run(() -> {
            loop.setTimeout(() -> {
                log.add("a");
                loop.setTimeout(record("c"), 1); // due at 3 in a new 1 ms list
            }, 2);
            loop.setTimeout(() -> {
                log.add("x");
                loop.setTimeout(record("b"), 2); // armed before c, due at 3, but in the 2 ms list
            }, 1);
        });
        assertEquals(List.of("x", "a", "c", "b"), log);
    }

    @Test
    void aLateLoopRunsEachDueListWholeBeforeTheNext() {
        loop.run(() -> {
            loop.setTimeout(record("p"), 10);
            loop.setTimeout(record("r"), 12);
            loop.setTimeout(() -> {
                log.add("spawn");
                loop.setTimeout(record("p2"), 10); // due at 13, after r, but in p's list
                time.advanceMillis(17);             // a callback that blocks the loop until 20
            }, 3);
        });
        assertEquals(List.of("spawn", "p", "p2", "r"), log);
    }

    @Test
    void clearingTheFirstTimerOfAListLeavesTheListDueAtItsOldExpiry() {
        List<Long> iterations = new ArrayList<>();
        loop.run(() -> {
            Timeout first = loop.setTimeout(record("first"), 5);
            loop.setTimeout(() -> {
                loop.setTimeout(() -> iterations.add(loop.iteration()), 5); // due at 7, in first's list
                first.close();
            }, 2);
        });
        // iteration 1 waits until 2, 2 runs the 2 ms timer and waits until 5 (the list's old
        // expiry), 3 finds nothing due and waits until 7, 4 runs the timer.
        assertEquals(List.of(4L), iterations);
        assertEquals(List.of(), log);
    }

    @Test
    void theLoopAsksWhetherItIsAliveRightAfterTheTimers() {
        loop.run(() -> loop.setTimeout(() -> {
            log.add("T1");
            loop.setImmediate(record("I2")).unref(); // Node 20 exits before another check phase
        }, 1));
        assertEquals(List.of("T1"), log);
    }

    @Test
    void afterTheCloseCallbacksTheTimersRunBeforeTheLoopAsksWhetherItIsAlive() {
        loop.run(() -> {
            Timeout referenced = loop.setTimeout(record("R"), 5);
            loop.setTimeout(record("U"), 5).unref();
            loop.setImmediate(() -> {
                log.add("C1");
                loop.setImmediate(() -> {
                    log.add("C2");
                    referenced.close(); // at 5 ms: the poll waited for R, and this check phase runs first
                }).unref();
            });
        });
        assertEquals(List.of("C1", "C2", "U"), log);
    }
    // Node removes a list emptied by clearTimeout only when the cleared timer was referenced. An
    // unreferenced one leaves the list in the heap at its old expiry, and the next timer of that
    // duration joins it; the list is rescheduled, with a newer id, only when that expiry comes.

    @Test
    void aListEmptiedByCancellingAReferencedTimerGoesAndTheNextTimerStartsANewOne() {
        assertEquals(List.of("S", "V"), afterEmptyingAList(true));
    }

    @Test
    void aListEmptiedByCancellingAnUnrefedTimerStaysAndTheNextTimerInheritsItsExpiry() {
        assertEquals(List.of("V", "S"), afterEmptyingAList(false));
    }

    /** R (100 ms) is cancelled at 80 and S armed in its duration; V's new list is due with S at 180. */
    private List<String> afterEmptyingAList(boolean rReferenced) {
        loop.run(() -> loop.setTimeout(() -> {
            Timeout r = loop.setTimeout(record("R"), 100);
            if (!rReferenced) {
                r.unref();
            }
            loop.setTimeout(() -> {
                r.close();
                loop.setTimeout(record("S"), 100);
                loop.setTimeout(() -> loop.setTimeout(record("V"), 80), 20);
            }, 30);
        }, 50));
        return log;
    }
    /** Node 20: A, tick, B, immediate: listOnTimeout runs the timer it looked at before draining. */
    @Test
    void aTimerRefreshedByTheDrainBeforeItStillRunsAndTheRefreshIsLost() {
        loop.run(() -> {
            Timeout[] b = new Timeout[1];
            loop.setTimeout(() -> {
                log.add("A");
                loop.setImmediate(record("immediate"));
                loop.nextTick(() -> {
                    b[0].refresh();
                    log.add("tick");
                });
            }, 10);
            b[0] = loop.setTimeout(record("B"), 10);
        });
        assertEquals(List.of("A", "tick", "B", "immediate"), log);
    }

    /** Node 20: interval 1, X, interval 2: the interval is re-inserted after its callback. */
    @Test
    void anIntervalThatRefreshesItselfIsStillReinsertedAfterItsCallback() {
        loop.run(() -> {
            int[] runs = {0};
            Timeout[] interval = new Timeout[1];
            interval[0] = loop.setInterval(() -> {
                log.add("interval " + ++runs[0]);
                if (runs[0] == 1) {
                    interval[0].refresh();
                    loop.setTimeout(record("X"), 10);
                } else {
                    interval[0].close();
                }
            }, 10);
        });
        assertEquals(List.of("interval 1", "X", "interval 2"), log);
    }
}
