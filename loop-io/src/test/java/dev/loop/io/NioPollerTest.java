package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NIO backend as the loop's poller: wake-ups while blocked in select, and no leaked descriptors. */
class NioPollerTest {

    @TempDir
    Path dir;

    /**
     * Another thread and the loop play ping-pong 20,000 times while the loop sleeps in select
     * between turns. One lost wake-up stalls a turn; the other thread gives each turn 10 s, then
     * records the failure and closes the loop (which wakes it), so the test fails instead of
     * hanging.
     */
    @Test
    void everyWakeUpReachesALoopBlockedInSelect() throws InterruptedException {
        pingPong(1, 20_000);
    }

    /** Four threads at once, so that wake-ups race with each other as well as with select. */
    @Test
    void wakeUpsFromSeveralThreadsAtOnceAreNeverLost() throws InterruptedException {
        pingPong(4, 5_000);
    }

    private static void pingPong(int threads, int turns) throws InterruptedException {
        AtomicInteger served = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        try (Io io = Io.create()) {
            EventLoop loop = io.loop();
            java.util.List<Thread> pingers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Semaphore reply = new Semaphore(0);
                pingers.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < turns && failure.get() == null; i++) {
                            loop.execute(() -> {
                                served.incrementAndGet();
                                reply.release();
                            });
                            if (!reply.tryAcquire(10, TimeUnit.SECONDS)) {
                                failure.set("a turn was never served: a wake-up was lost");
                            }
                        }
                    } catch (InterruptedException e) {
                        failure.set("interrupted");
                    }
                }, "pinger-" + t));
            }
            loop.run(() -> {
                Handle alive = loop.keepAlive(); // the loop blocks in select, without a timer
                pingers.forEach(Thread::start);
                Thread.ofPlatform().daemon().start(() -> {
                    for (Thread pinger : pingers) {
                        try {
                            pinger.join();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    alive.close(); // forwarded to the loop thread, which then ends
                });
            });
        }
        assertEquals(null, failure.get());
        assertEquals(threads * turns, served.get());
    }

    /**
     * A socket closed while poll drains completions selects at once to release its descriptor;
     * that select must not swallow a wake-up made during the drain (it did: the loop then slept
     * through the next completion).
     */
    @Test
    @org.junit.jupiter.api.Timeout(20)
    void aCloseDuringTheCompletionDrainLosesNoWakeUp() throws Exception {
        Path file = dir.resolve("w");
        Files.writeString(file, "x");
        java.util.List<String> log = new java.util.ArrayList<>();
        try (Io io = Io.create()) {
            io.loop().run(() -> {
                dev.loop.io.Server server = io.net().createServer(s -> { });
                server.listen(0, "127.0.0.1").thenAccept(address -> io.fs().stat(file).thenAccept(first -> {
                    io.fs().stat(file).thenAccept(second -> {
                        server.close();
                        io.work().offload(() -> {
                            Thread.sleep(100);
                            return "work done";
                        }).thenAccept(log::add);
                    });
                    long end = System.nanoTime() + 100_000_000L; // the second stat completes meanwhile
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                }));
            });
        }
        assertEquals(java.util.List.of("work done"), log);
    }

    @Test
    void closingLoopsReleasesTheirDescriptors() throws Throwable {
        Path file = dir.resolve("f");
        Files.writeString(file, "data");
        warmUp(file); // the JDK opens a few descriptors once, on first use
        long before = openDescriptors();
        for (int i = 0; i < 50; i++) {
            try (Io io = Io.create()) {
                io.loop().run(() -> io.fs().open(file)
                        .thenCompose(handle -> io.fs().close(handle))
                        .thenCompose(ignored -> io.fs().readFile(file)));
            }
        }
        assertEquals(before, openDescriptors(), "file descriptors leaked");
    }

    private static void warmUp(Path file) {
        try (Io io = Io.create()) {
            io.loop().run(() -> io.fs().readFile(file));
        }
    }

    private static long openDescriptors() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assertTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
        try (Stream<Path> list = Files.list(fds)) {
            return list.count();
        }
    }
}
