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

/** One test per ordering rule of DESIGN §2.1. */
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
    void insideATimerCallbackAnImmediateRunsBeforeAZeroTimeout() {
        EventLoop loop = EventLoop.create();
        loop.run(() -> loop.setTimeout(() -> {
            loop.setTimeout(log("timeout 0"), 0);
            loop.setImmediate(log("immediate"));
        }, 1));
        assertEquals(List.of("immediate", "timeout 0"), log);
    }

    @Test
    void insideAPollPhaseCallbackAnImmediateRunsBeforeAZeroTimeout() throws InterruptedException {
        EventLoop loop = EventLoop.create();
        CountDownLatch submitted = new CountDownLatch(1);
        loop.run(() -> {
            var keepAlive = loop.keepAlive();
            Thread.ofPlatform().start(() -> {
                loop.execute(() -> { // runs in the poll phase, like an I/O completion
                    loop.setTimeout(log("timeout 0"), 0);
                    loop.setImmediate(log("immediate"));
                    keepAlive.close();
                });
                submitted.countDown();
            });
        });
        assertTrue(submitted.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("immediate", "timeout 0"), log);
    }

    @Test
    void nestedNextTicksRunBeforeMicrotasks() {
        EventLoop loop = EventLoop.create();
        loop.run(() -> {
            loop.queueMicrotask(log("microtask"));
            loop.nextTick(() -> {
                log.add("tick 1");
                loop.nextTick(() -> {
                    log.add("tick 1.1");
                    loop.nextTick(log("tick 1.1.1"));
                });
            });
            loop.nextTick(log("tick 2"));
        });
        assertEquals(List.of("tick 1", "tick 2", "tick 1.1", "tick 1.1.1", "microtask"), log);
    }

    @Test
    void aMicrotaskThatSchedulesANextTickWaitsForTheMicrotaskQueueToDrain() {
        EventLoop loop = EventLoop.create();
        loop.run(() -> {
            loop.queueMicrotask(() -> {
                log.add("micro 1");
                loop.nextTick(log("tick from micro"));
                loop.queueMicrotask(log("micro from micro"));
            });
            loop.queueMicrotask(log("micro 2"));
        });
        assertEquals(List.of("micro 1", "micro 2", "micro from micro", "tick from micro"), log);
    }

    @Test
    void aNextTickThatQueuesAMicrotaskRunsItAfterAllTicks() {
        EventLoop loop = EventLoop.create();
        loop.run(() -> {
            loop.nextTick(() -> {
                log.add("tick 1");
                loop.queueMicrotask(() -> {
                    log.add("micro from tick");
                    loop.nextTick(log("tick from that micro"));
                });
            });
            loop.nextTick(log("tick 2"));
            loop.queueMicrotask(log("micro 1"));
        });
        assertEquals(List.of("tick 1", "tick 2", "micro 1", "micro from tick", "tick from that micro"), log);
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
    void anImmediateScheduledInsideAnImmediateRunsInTheNextIteration() {
        EventLoop loop = EventLoop.create();
        loop.run(() -> loop.setImmediate(() -> {
            log.add("immediate A");
            loop.setImmediate(log("immediate B"));
            loop.execute(log("poll-phase task of the next iteration"));
        }));
        assertEquals(List.of("immediate A", "poll-phase task of the next iteration", "immediate B"), log);
    }

    @Test
    void anUnrefdTimerLetsRunReturn() {
        EventLoop loop = EventLoop.create();
        long start = System.nanoTime();
        loop.run(() -> {
            Timeout timer = loop.setTimeout(log("never"), Duration.ofHours(1)).unref();
            assertFalse(timer.hasRef());
            loop.setTimeout(log("short"), 1);
        });
        assertEquals(List.of("short"), log);
        assertTrue(System.nanoTime() - start < TimeUnit.MINUTES.toNanos(1));
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

    @Test
    void runOnceThatSleepsUntilATimerRunsIt() {
        EventLoop loop = EventLoop.create();
        loop.setTimeout(log("timer"), 30);
        boolean alive = loop.runOnce();
        assertEquals(List.of("timer"), log, "UV_RUN_ONCE makes progress: the timer it slept for has run");
        assertFalse(alive);
    }

    @Test
    void aHandleClosedByACloseCallbackIsClosedInTheNextIteration() {
        EventLoop loop = EventLoop.create();
        loop.run(() -> {
            var second = loop.keepAlive();
            loop.keepAlive().close(() -> {
                log.add("first close callback");
                loop.setImmediate(log("immediate queued by it"));
                second.close(log("second close callback"));
            });
        });
        assertEquals(List.of("first close callback", "immediate queued by it", "second close callback"), log);
    }

    @Test
    void aCloseCallbackRunsInTheClosePhaseAfterTheCheckPhase() {
        EventLoop loop = EventLoop.create();
        loop.run(() -> loop.execute(() -> {
            loop.keepAlive().close(log("close callback"));
            loop.setImmediate(log("immediate"));
        }));
        assertEquals(List.of("immediate", "close callback"), log);
    }
}
