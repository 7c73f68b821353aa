package dev.loop.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Phase;
import dev.loop.io.spi.Completion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work offload: libuv's threadpool, with results settled on the loop. */
@org.junit.jupiter.api.Timeout(30)
class WorkTest {

    @Test
    void workRunsOnThePoolAndSettlesOnTheLoopInThePollPhase() {
        List<String> log = new ArrayList<>();
        try (Io io = Io.create()) {
            EventLoop loop = io.loop();
            Thread owner = Thread.currentThread();
            loop.run(() -> io.work().offload(() -> {
                assertFalse(Thread.currentThread() == owner, "work must not run on the loop thread");
                return Thread.currentThread().getName();
            }).thenAccept(name -> {
                assertTrue(loop.inLoop());
                log.add(name.startsWith("loop-work-") ? "pool" : name);
                log.add(loop.phase() == Phase.POLL ? "poll" : String.valueOf(loop.phase()));
            }));
            // run() returned only after the result came back: work in flight keeps the loop alive
            assertEquals(List.of("pool", "poll"), log);
        }
    }

    /**
     * Issue 16: one pool thread, busy with the first piece of work until the loop releases it.
     * The abort rejects both promises at once; the second piece, still queued, never runs; the
     * first runs on to its end, and its result is dropped.
     */
    @Test
    void anAbortRejectsAtOnceAndQueuedWorkNeverRuns() {
        CountDownLatch release = new CountDownLatch(1);
        List<String> log = new ArrayList<>();
        boolean[] secondRan = {false};
        try (Io io = Io.create(IoOptions.defaults().withWorkThreads(1))) {
            dev.loop.api.AbortController controller = new dev.loop.api.AbortController();
            io.loop().run(() -> {
                io.work().offload(() -> {
                    release.await();
                    return "first";
                }, controller.signal()).catchError(e -> {
                    log.add("first " + e.getClass().getSimpleName());
                    release.countDown(); // the running piece may end now
                    return "never";
                });
                io.work().offload(() -> secondRan[0] = true, controller.signal()).catchError(e -> {
                    log.add("second " + e.getClass().getSimpleName());
                    return null;
                });
                io.loop().setTimeout(() -> controller.abort("enough"), 10);
            });
            io.loop().run(() -> io.work().offload(() -> "after", controller.signal()).catchError(e -> {
                log.add("after the abort " + e.getClass().getSimpleName());
                return null;
            }));
        }
        assertEquals(List.of("first AbortError", "second AbortError", "after the abort AbortError"), log);
        assertFalse(secondRan[0], "queued work must not run after the abort");
    }

    @Test
    void aFailingPieceOfWorkRejectsItsPromise() {
        List<Throwable> errors = new ArrayList<>();
        try (Io io = Io.create()) {
            IllegalStateException boom = new IllegalStateException("boom");
            io.loop().run(() -> io.work().offload(() -> {
                throw boom;
            }).catchError(error -> {
                errors.add(error);
                return null;
            }));
            assertEquals(List.of(boom), errors);
        }
    }

    @Test
    void aFullQueueRejectsOrRunsOnTheLoopAsConfigured() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<String> log = new ArrayList<>();
        IoOptions oneAndOne = IoOptions.defaults().withWorkThreads(1);
        try (Io io = Io.create(oneAndOne.withWorkQueue(1, IoOptions.WorkQueueFull.REJECT))) {
            io.loop().run(() -> {
                io.work().offload(() -> release.await(10, TimeUnit.SECONDS)); // occupies the thread
                io.work().offload(() -> "queued").thenAccept(log::add);         // fills the queue
                io.work().offload(() -> "third").catchError(error -> {
                    log.add(error.getClass().getSimpleName());
                    release.countDown();
                    return null;
                });
            });
        }
        assertEquals(List.of(RejectedExecutionException.class.getSimpleName(), "queued"), log);

        CountDownLatch release2 = new CountDownLatch(1);
        List<String> inline = new ArrayList<>();
        try (Io io = Io.create(oneAndOne.withWorkQueue(1, IoOptions.WorkQueueFull.RUN_ON_LOOP))) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                io.work().offload(() -> release2.await(10, TimeUnit.SECONDS));
                io.work().offload(() -> "queued").thenAccept(inline::add);
                io.work().offload(() -> loop.inLoop() ? "ran on the loop" : "ran elsewhere").thenAccept(value -> {
                    inline.add(value);
                    release2.countDown();
                });
            });
        }
        assertEquals(List.of("ran on the loop", "queued"), inline);
    }

    @Test
    void virtualWorkThreadsWork() {
        List<Boolean> virtual = new ArrayList<>();
        try (Io io = Io.create(IoOptions.defaults().withVirtualWorkThreads(true))) {
            io.loop().run(() -> io.work().offload(() -> Thread.currentThread().isVirtual()).thenAccept(virtual::add));
        }
        assertEquals(List.of(true), virtual);
    }

    @Test
    void offloadOffTheLoopThreadIsRefusedWithAHint() throws Exception {
        try (Io io = Io.create()) {
            Throwable[] thrown = new Throwable[1];
            Thread other = new Thread(() -> thrown[0] = assertThrows(IllegalStateException.class, () -> io.work().offload(() -> 1)));
            other.start();
            other.join();
            assertInstanceOf(IllegalStateException.class, thrown[0]);
            assertTrue(thrown[0].getMessage().contains("loop.execute"), thrown[0].getMessage());
        }
    }

    /** File operations share the pool, and its policy for a full queue (IoOptions.withWorkQueue). */
    @Test
    void fileOperationsFollowTheQueueFullPolicy(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        IoOptions oneAndOne = IoOptions.defaults().withWorkThreads(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> log = new ArrayList<>();
        try (Io io = Io.create(oneAndOne.withWorkQueue(1, IoOptions.WorkQueueFull.REJECT))) {
            io.loop().run(() -> {
                io.work().offload(() -> release.await(10, TimeUnit.SECONDS)); // occupies the thread
                io.work().offload(() -> "queued").thenAccept(log::add);         // fills the queue
                io.fs().readFile(file, UTF_8).catchError(error -> {
                    assertInstanceOf(RejectedExecutionException.class, error);
                    assertTrue(error.getMessage().contains("IoOptions.withWorkQueue"), error.getMessage());
                    log.add("rejected in " + io.loop().phase());
                    release.countDown();
                    return null;
                });
            });
        }
        assertEquals(List.of("rejected in " + Phase.PENDING, "queued"), log);

        CountDownLatch release2 = new CountDownLatch(1);
        List<String> inline = new ArrayList<>();
        try (Io io = Io.create(oneAndOne.withWorkQueue(1, IoOptions.WorkQueueFull.RUN_ON_LOOP))) {
            io.loop().run(() -> {
                io.work().offload(() -> release2.await(10, TimeUnit.SECONDS));
                io.work().offload(() -> "queued").thenAccept(inline::add);
                io.fs().readFile(file, UTF_8).thenAccept(text -> {
                    inline.add("read " + text + " in " + io.loop().phase());
                    release2.countDown();
                });
            });
        }
        assertEquals(List.of("read x in " + Phase.PENDING, "queued"), inline);
    }

    @Test
    void theBackendContextRefusesCallsOffTheLoopThreadInTheLoopsWords() throws Exception {
        try (Io io = Io.create()) {
            Throwable[] thrown = new Throwable[1];
            Thread other = new Thread(() -> thrown[0] = assertThrows(IllegalStateException.class,
                    () -> io.ioBackend().files().context().offload(() -> 1, Completion.ignoring())), "other");
            other.start();
            other.join();
            String message = thrown[0].getMessage();
            assertTrue(message.startsWith("IoBackendContext.offload must be called on the thread that owns loop '"), message);
            assertTrue(message.contains("(" + Thread.currentThread().getName() + "), not on other"), message);
            assertTrue(message.contains("loop.execute"), message);
        }
    }

    /** Results wait for room when the loop's bounded task queue is full; none is dropped. */
    @Test
    void resultsWaitForRoomInAFullTaskQueue() {
        int[] settled = {0};
        IoOptions tiny = IoOptions.defaults().withLoop(dev.loop.api.LoopOptions.defaults().withMaxPendingTasks(2));
        try (Io io = Io.create(tiny)) {
            io.loop().run(() -> {
                for (int i = 0; i < 16; i++) {
                    io.work().offload(() -> 1).andFinally(() -> settled[0]++);
                }
                long end = System.nanoTime() + 100_000_000L; // keep the loop busy while the pool finishes
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            });
        }
        assertEquals(16, settled[0]);
    }
}
