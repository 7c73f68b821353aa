package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** close(): idempotent, rejects later work, runs what it accepted, never drops silently. */
public abstract class ClosingContract extends LoopSuite {

    /** For subclasses, which name the poller under test. */
    protected ClosingContract() {
    }


    private final List<String> log = new ArrayList<>();

    @Test
    public void closeFromACallbackStopsTimersRunsAcceptedTasksAndCloseCallbacks() {
        EventLoop loop = newLoop();
        loop.run(() -> {
            loop.setInterval(() -> log.add("interval"), 1);
            loop.keepAlive().close(() -> log.add("close callback"));
            loop.execute(() -> log.add("accepted task"));
            loop.setImmediate(() -> {
                loop.close();
                log.add("closed");
                assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
                assertThrows(RejectedExecutionException.class, () -> loop.setTimeout(() -> { }, 1));
            });
        });
        assertTrue(log.contains("accepted task"), log::toString);
        assertEquals(List.of("closed", "close callback"), log.subList(log.indexOf("closed"), log.size()),
                "after close() no timer or immediate runs; the close phase still does");
        assertTrue(loop.isClosed());
        assertTrue(loop.termination().toCompletableFuture().isDone());
    }

    @Test
    public void closeWhileIdleOnTheOwnerThreadRunsQueuedTasksAtOnce() {
        EventLoop loop = newLoop();
        loop.execute(() -> log.add("queued before close"));
        loop.close();
        assertEquals(List.of("queued before close"), log);
        assertTrue(loop.termination().toCompletableFuture().isDone());
    }

    @Test
    public void closeFromAnotherThreadWakesARunningLoopAndRunReturns() throws Exception {
        EventLoop loop = newLoop();
        CountDownLatch running = new CountDownLatch(1);
        Thread closer = Thread.ofPlatform().start(() -> {
            try {
                running.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop.close();
        });
        loop.run(() -> {
            loop.keepAlive(); // would keep run() going forever without close()
            running.countDown();
        });
        closer.join(TimeUnit.SECONDS.toMillis(5));
        assertTrue(loop.isClosed());
    }

    @Test
    public void aDedicatedLoopRunsTasksUntilClosed() throws Exception {
        EventLoop loop = startLoop("dedicated-test");
        assertFalse(loop.inLoop());
        CountDownLatch ran = new CountDownLatch(3);
        AtomicInteger onLoopThread = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            loop.execute(() -> {
                if (Thread.currentThread().getName().equals("dedicated-test") && loop.inLoop()) {
                    onLoopThread.incrementAndGet();
                }
                ran.countDown();
            });
        }
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertEquals(3, onLoopThread.get());
        CountDownLatch timer = new CountDownLatch(1);
        loop.setTimeout(timer::countDown, 5); // forwarded from this thread
        assertTrue(timer.await(5, TimeUnit.SECONDS));
        loop.close();
        loop.termination().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
    }

    @Test
    public void aDedicatedLoopSurvivesStop() throws Exception {
        EventLoop loop = startLoop("stop-test");
        loop.stop();
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        loop.close();
        loop.termination().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    public void stopMakesRunReturnAfterTheCurrentIteration() {
        EventLoop loop = newLoop();
        loop.run(() -> {
            loop.setImmediate(() -> {
                log.add("immediate 1");
                loop.stop();
            });
            loop.setImmediate(() -> log.add("immediate 2 (same check phase)"));
            loop.setTimeout(() -> log.add("timer after stop"), 200); // after the first check phase, even when loaded
        });
        assertEquals(List.of("immediate 1", "immediate 2 (same check phase)"), log);
        loop.run(); // run again resumes: the timer is still armed
        assertEquals("timer after stop", log.get(2));
    }

    @Test
    public void anErrorWhileClosingAnIdleLoopIsThrownNotSwallowed() {
        EventLoop loop = newLoop();
        loop.execute(() -> {
            throw new IllegalStateException("task run by close");
        });
        dev.loop.api.LoopException thrown = assertThrows(dev.loop.api.LoopException.class, loop::close);
        assertEquals("task run by close", thrown.getCause().getMessage());
        assertTrue(loop.termination().toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    public void anErrorWhileClosingARunningLoopIsThrownByRun() {
        EventLoop loop = newLoop();
        dev.loop.api.LoopException thrown = assertThrows(dev.loop.api.LoopException.class, () -> loop.run(() -> {
            loop.keepAlive().close(() -> {
                throw new IllegalStateException("close callback");
            });
            loop.close();
        }));
        assertEquals("close callback", thrown.getCause().getMessage());
    }

    @Test
    public void aTaskRunByCloseCannotReenterRun() {
        EventLoop loop = newLoop();
        List<Throwable> thrown = new ArrayList<>();
        loop.execute(() -> {
            try {
                loop.runNowait();
            } catch (IllegalStateException e) {
                thrown.add(e);
            }
        });
        loop.close();
        assertEquals(1, thrown.size());
    }

    @Test
    public void closeRunsNextTicksQueuedBeforeIt() {
        EventLoop loop = newLoop();
        loop.nextTick(() -> log.add("tick"));
        loop.queueMicrotask(() -> log.add("microtask"));
        loop.close();
        assertEquals(List.of("tick", "microtask"), log);
    }

    @Test
    public void runAfterAnotherThreadClosedTheIdleLoopClosesItWithoutRunningTheEntry() throws Exception {
        EventLoop loop = newLoop();
        loop.execute(() -> log.add("accepted before close"));
        Thread closer = Thread.ofPlatform().start(loop::close);
        closer.join(TimeUnit.SECONDS.toMillis(5));
        loop.run(() -> log.add("entry"));
        assertEquals(List.of("accepted before close"), log);
        assertTrue(loop.termination().toCompletableFuture().isDone());
    }

    @Test
    public void runOnceAndRunNowaitReportLiveness() {
        EventLoop loop = newLoop();
        assertFalse(loop.runNowait());
        loop.setImmediate(() -> log.add("immediate"));
        assertFalse(loop.runOnce(), "the immediate ran and nothing is left");
        assertEquals(List.of("immediate"), log);
        loop.setTimeout(() -> log.add("timer"), 1_000);
        assertTrue(loop.runNowait(), "the timer is still pending");
        assertEquals(List.of("immediate"), log);
        loop.close();
    }

    /**
     * Found by a jcstress test of Worker.terminate(): another thread closes an idle loop and its
     * owner then closes it too, without running it. The owner's call must finish the close (run
     * what was accepted, release the poller, complete termination()), or the loop is never torn
     * down.
     */
    @Test
    public void theOwnersCloseFinishesACloseThatAnotherThreadBegan() throws InterruptedException {
        EventLoop loop = newLoop();
        Thread other = Thread.ofPlatform().start(() -> {
            loop.execute(() -> log.add("accepted before the close"));
            loop.close();
        });
        other.join();
        assertTrue(loop.isClosed());
        assertFalse(loop.termination().toCompletableFuture().isDone(), "nobody has run the close yet");
        loop.close();
        assertTrue(loop.termination().toCompletableFuture().isDone(), "the owner's close() left the loop half-closed");
        assertEquals(List.of("accepted before the close"), log);
    }
}
