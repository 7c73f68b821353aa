package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ordering rules of DESIGN §2.1 on virtual time; those on real time are loop-tck's OrderingContract. */
class OrderingTest {

    private final List<String> log = new ArrayList<>();

    private Runnable log(String entry) {
        return () -> log.add(entry);
    }

    @Test
    void syncThenNextTickThenMicrotaskThenTimersAndImmediates() {
        EventLoop loop = new VirtualTime().newLoop();
        loop.run(() -> {
            loop.setImmediate(log("immediate"));
            loop.setTimeout(log("timeout"), 5);
            loop.resolved(null).thenAccept(v -> log.add("promise"));
            loop.queueMicrotask(log("microtask"));
            loop.nextTick(log("nextTick"));
            log.add("sync");
        });
        assertEquals(List.of("sync", "nextTick", "promise", "microtask", "immediate", "timeout"), log);
    }

    @Test
    void ticksDrainAfterEveryTimerCallbackNotAfterThePhase() {
        EventLoop loop = new VirtualTime().newLoop();
        loop.run(() -> {
            loop.setTimeout(() -> {
                log.add("timer 1");
                loop.nextTick(log("tick of timer 1"));
                loop.queueMicrotask(log("micro of timer 1"));
            }, 5);
            loop.setTimeout(log("timer 2"), 5);
        });
        assertEquals(List.of("timer 1", "tick of timer 1", "micro of timer 1", "timer 2"), log);
    }

    @Test
    void equalTimersFireInCreationOrder() {
        EventLoop loop = new VirtualTime().newLoop();
        loop.run(() -> {
            for (int i = 0; i < 50; i++) {
                loop.setTimeout(log("t" + i), 7);
            }
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("t" + i);
        }
        assertEquals(expected, log);
    }

    @Test
    void aTimerCancelsALaterTimerWithTheSameDeadline() {
        EventLoop loop = new VirtualTime().newLoop();
        loop.run(() -> {
            Timeout[] later = new Timeout[1];
            loop.setTimeout(() -> {
                log.add("first");
                later[0].close();
            }, 10);
            later[0] = loop.setTimeout(log("second"), 10);
            loop.setTimeout(log("third"), 10);
        });
        assertEquals(List.of("first", "third"), log);
    }

    @Test
    void anUnrefdTimerStillFiresWhileSomethingElseKeepsTheLoopAlive() {
        EventLoop loop = new VirtualTime().newLoop();
        loop.run(() -> {
            loop.setTimeout(log("unref'd at 5"), 5).unref();
            loop.setTimeout(log("ref'd at 10"), 10);
        });
        assertEquals(List.of("unref'd at 5", "ref'd at 10"), log);
    }

    @Test
    void refAgainKeepsTheLoopAlive() {
        EventLoop loop = new VirtualTime().newLoop();
        loop.run(() -> loop.setTimeout(log("fired"), 100).unref().ref());
        assertEquals(List.of("fired"), log);
    }

    @Test
    void setIntervalAndClearIntervalFromInsideTheInterval() {
        VirtualTime time = new VirtualTime();
        EventLoop loop = time.newLoop();
        List<Long> firedAt = new ArrayList<>();
        loop.run(() -> {
            Timeout[] interval = new Timeout[1];
            interval[0] = loop.setInterval(() -> {
                firedAt.add(loop.now());
                if (firedAt.size() == 3) {
                    interval[0].close();
                }
            }, 10);
        });
        assertEquals(List.of(10L, 20L, 30L), firedAt);
    }

    @Test
    void ticksQueuedBeforeRunDrainBeforeTheFirstPhase() {
        EventLoop loop = new VirtualTime().newLoop();
        loop.setTimeout(log("timeout"), 1);
        loop.nextTick(log("tick queued before run()"));
        loop.queueMicrotask(log("microtask queued before run()"));
        loop.run();
        assertEquals(List.of("tick queued before run()", "microtask queued before run()", "timeout"), log);
    }

    /** A task the loop thread executes from a poll-phase task runs in the same poll phase, before the check phase. */
    @Test
    void aTaskExecutedByAPollPhaseTaskRunsInTheSamePollPhase() {
        EventLoop loop = new VirtualTime().newLoop();
        long[] iterations = new long[2];
        loop.run(() -> loop.execute(() -> {
            iterations[0] = loop.iteration();
            loop.setImmediate(log("immediate"));
            loop.execute(() -> {
                iterations[1] = loop.iteration();
                log.add("task executed by a task");
            });
        }));
        assertEquals(List.of("task executed by a task", "immediate"), log);
        assertEquals(iterations[0], iterations[1], "the same iteration");
    }

    /** A task that executes itself until an immediate runs lets the immediate run: the pass has a budget. */
    @Test
    void aSelfExecutingTaskDoesNotStarveImmediates() {
        EventLoop loop = new VirtualTime().newLoop();
        int[] runs = {0};
        loop.run(() -> {
            Runnable untilTheImmediate = new Runnable() {
                @Override
                public void run() {
                    runs[0]++;
                    if (log.isEmpty()) {
                        loop.execute(this);
                    }
                }
            };
            loop.execute(untilTheImmediate);
            loop.setImmediate(log("immediate"));
        });
        assertEquals(List.of("immediate"), log);
        assertTrue(runs[0] <= 4096 + 1, "the immediate ran after one pass of at most the budget: " + runs[0]);
    }
}
