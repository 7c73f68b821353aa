package dev.loop.tck;

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

/** The ordering rules of an iteration, on real time: phases, drains, immediates, close callbacks, run modes. */
public abstract class OrderingContract extends LoopSuite {

    /** For subclasses, which name the poller under test. */
    protected OrderingContract() {
    }


    private final List<String> log = new ArrayList<>();

    private Runnable log(String entry) {
        return () -> log.add(entry);
    }

    @Test
    public void insideATimerCallbackAnImmediateRunsBeforeAZeroTimeout() {
        EventLoop loop = newLoop();
        loop.run(() -> loop.setTimeout(() -> {
            loop.setTimeout(log("timeout 0"), 0);
            loop.setImmediate(log("immediate"));
        }, 1));
        assertEquals(List.of("immediate", "timeout 0"), log);
    }

    @Test
    public void insideAPollPhaseCallbackAnImmediateRunsBeforeAZeroTimeout() throws InterruptedException {
        EventLoop loop = newLoop();
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
    public void nestedNextTicksRunBeforeMicrotasks() {
        EventLoop loop = newLoop();
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
    public void aMicrotaskThatSchedulesANextTickWaitsForTheMicrotaskQueueToDrain() {
        EventLoop loop = newLoop();
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
    public void aNextTickThatQueuesAMicrotaskRunsItAfterAllTicks() {
        EventLoop loop = newLoop();
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
    public void anImmediateScheduledInsideAnImmediateRunsInTheNextIteration() {
        EventLoop loop = newLoop();
        loop.run(() -> loop.setImmediate(() -> {
            log.add("immediate A");
            loop.setImmediate(log("immediate B"));
            loop.execute(log("poll-phase task of the next iteration"));
        }));
        assertEquals(List.of("immediate A", "poll-phase task of the next iteration", "immediate B"), log);
    }

    @Test
    public void anUnrefdTimerLetsRunReturn() {
        EventLoop loop = newLoop();
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
    public void runOnceThatSleepsUntilATimerRunsIt() {
        EventLoop loop = newLoop();
        loop.setTimeout(log("timer"), 30);
        boolean alive = loop.runOnce();
        assertEquals(List.of("timer"), log, "UV_RUN_ONCE makes progress: the timer it slept for has run");
        assertFalse(alive);
    }

    @Test
    public void aHandleClosedByACloseCallbackIsClosedInTheNextIteration() {
        EventLoop loop = newLoop();
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
    public void aCloseCallbackRunsInTheClosePhaseAfterTheCheckPhase() {
        EventLoop loop = newLoop();
        loop.run(() -> loop.execute(() -> {
            loop.keepAlive().close(log("close callback"));
            loop.setImmediate(log("immediate"));
        }));
        assertEquals(List.of("immediate", "close callback"), log);
    }
}
