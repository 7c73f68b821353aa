package dev.loop.process;

import static dev.loop.process.ForkTest.child;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.process.launch.ChannelDirs;
import dev.loop.value.DataCloneException;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import dev.loop.value.shared.WaitResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SharedBuffer and Atomics across processes: a file-backed buffer sent to a forked child maps the
 * same memory there; add, wait and notify work across the two; a child killed while it sleeps on
 * the futex harms nobody; and the file is gone once the loop that made it closes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedMemoryTest {

    private static final Path SHARED_DIR = ChannelDirs.base().resolve("loop-" + ProcessHandle.current().pid() + "-0");

    /** 2 processes x 2 threads, each adding 1 a million times: the total is exact. */
    @Test
    void twoProcessesOfTwoThreadsCountExactly() throws Exception {
        int times = 1_000_000;
        int[] total = {-1};
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                SharedBuffer buffer = Processes.sharedBuffer(64);
                Int32Array counter = buffer.int32();
                ChildProcess child = Processes.fork(child("SharedCounterChild", String.valueOf(times), "2"));
                child.send(buffer);
                List<Thread> mine = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    mine.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < times; i++) {
                            Atomics.add(counter, 0, 1);
                        }
                    }));
                }
                child.onMessage(done -> {
                    for (Thread thread : mine) {
                        join(thread);
                    }
                    total[0] = Atomics.load(counter, 0);
                    child.disconnect();
                });
            });
        }
        assertEquals(4 * times, total[0]);
        assertNoSharedFiles();
    }

    /**
     * 10,000 rounds of ping-pong through wait and notify: each side sees every value the other
     * stores, in order, and the word ends at twice the rounds.
     */
    @Test
    void aPingPongThroughWaitAndNotifyAcrossProcesses() throws Exception {
        int rounds = 10_000;
        List<Object> results = new ArrayList<>();
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                SharedBuffer buffer = Processes.sharedBuffer(8);
                Int32Array word = buffer.int32();
                ChildProcess child = Processes.fork(child("PingPongChild", String.valueOf(rounds)));
                child.send(buffer);
                Thread ping = Thread.ofPlatform().name("ping").start(() -> {
                    for (int round = 0; round < rounds; round++) {
                        int mine = 2 * round + 1;
                        Atomics.store(word, 0, mine);
                        Atomics.notify(word, 0);
                        int value;
                        while ((value = Atomics.load(word, 0)) == mine) {
                            Atomics.wait(word, 0, mine);
                        }
                        if (value != mine + 1) {
                            throw new IllegalStateException("round " + round + ": expected " + (mine + 1) + ", saw " + value);
                        }
                    }
                });
                child.onMessage(counts -> {
                    join(ping);
                    results.add(Atomics.load(word, 0));
                    results.add(counts);
                    child.disconnect();
                });
            });
        }
        assertEquals(2 * rounds, results.get(0));
        int[] counts = (int[]) results.get(1);
        assertTrue(counts[0] <= rounds && counts[1] <= rounds, "ok waits and woken counts are at most one per round: "
                + java.util.Arrays.toString(counts));
        assertNoSharedFiles();
    }

    /**
     * A child killed with SIGKILL while it sleeps on the futex: the parent's notify finds nobody
     * (a dead sleeper is not counted), the parent's own wait and notify still work, and the
     * file is gone once the loop closes.
     */
    @Test
    void aChildKilledWhileItWaitsHarmsNobodyAndLeavesNoFile() throws Exception {
        List<Object> events = new ArrayList<>();
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                SharedBuffer buffer = Processes.sharedBuffer(8);
                Int32Array word = buffer.int32();
                ChildProcess child = Processes.fork(child("SharedWaiterChild"));
                child.send(buffer);
                child.onMessage(message -> {
                    events.add(message);
                    var poll = new Object() {
                        void untilAsleep() {
                            if (sleepsOnAFutex(child.pid(), "shared-waiter")) {
                                child.kill("SIGKILL");
                            } else {
                                loop.setTimeout(this::untilAsleep, 1);
                            }
                        }
                    };
                    poll.untilAsleep();
                });
                child.onExit(status -> {
                    events.add(status.signal());
                    events.add(Atomics.notify(word, 0));
                    events.add(Atomics.wait(word, 0, 0, Duration.ofMillis(1)));
                    Atomics.store(word, 0, 7);
                    events.add(Atomics.wait(word, 0, 0, Duration.ofMillis(1)));
                });
            });
        }
        assertEquals(List.of("waiting", "SIGKILL", 0, WaitResult.TIMED_OUT, WaitResult.NOT_EQUAL), events);
        assertNoSharedFiles();
    }

    /**
     * waitAsync in the parent, a store and notify in the child: the promise settles with ok on
     * the parent's loop, and the child's notify counts the one waiter it woke.
     */
    @Test
    void waitAsyncInTheParentIsWokenByTheChild() throws Exception {
        List<Object> events = new ArrayList<>();
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                SharedBuffer buffer = Processes.sharedBuffer(8);
                Atomics.waitAsync(loop, buffer.int32(), 0, 0, Atomics.FOREVER).thenAccept(result -> events.add(result));
                ChildProcess child = Processes.fork(child("SharedNotifierChild"));
                child.onMessage(woken -> {
                    events.add(woken);
                    child.disconnect();
                });
                var poll = new Object() {
                    void untilAsleep() { // the waiting thread sleeps on the futex before the child stores
                        if (sleepsOnAFutex(ProcessHandle.current().pid(), "loop-atomics-wa")) {
                            child.send(buffer);
                        } else {
                            loop.setTimeout(this::untilAsleep, 1);
                        }
                    }
                };
                poll.untilAsleep();
            });
        }
        assertTrue(events.equals(List.of(1, WaitResult.OK)) || events.equals(List.of(WaitResult.OK, 1)), events.toString());
        assertNoSharedFiles();
    }

    /** A buffer of this process only is refused, with the way to make one that can be sent. */
    @Test
    void aBufferOfThisProcessOnlyCannotBeSentAndTheErrorSaysWhatToDo() {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ChildProcess child = Processes.fork(child("EchoChild"));
                DataCloneException refused = assertThrows(DataCloneException.class, () -> child.send(SharedBuffer.allocate(8)));
                assertTrue(refused.getMessage().contains("Processes.sharedBuffer"), refused.getMessage());
                child.disconnect();
            });
        }
    }

    /** The same buffer sent twice arrives as the same object, and a SharedBuffer's length must be a multiple of 8. */
    @Test
    void aBufferSentTwiceIsOneObjectThereAndBadLengthsAreRefused() {
        List<Object> echoed = new ArrayList<>();
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                assertThrows(IllegalArgumentException.class, () -> Processes.sharedBuffer(12));
                SharedBuffer buffer = Processes.sharedBuffer(16);
                Atomics.store(buffer.int32(), 3, 42);
                ChildProcess child = Processes.fork(child("EchoChild"));
                child.send(List.of(buffer, buffer));
                child.onMessage(message -> {
                    List<?> both = (List<?>) message;
                    echoed.add(both.get(0) == both.get(1));
                    echoed.add(both.get(0) == buffer); // back in the parent: its own buffer over the file
                    echoed.add(Atomics.load(((SharedBuffer) both.get(0)).int32(), 3));
                    child.disconnect();
                });
            });
        }
        assertEquals(List.of(true, true, 42), echoed);
    }

    /** Whether thread {@code name} of process {@code pid} sleeps in a futex wait now. */
    private static boolean sleepsOnAFutex(long pid, String name) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().equals(name)
                        && Files.readString(task.resolve("wchan")).contains("futex")) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException gone) {
            return false;
        }
        return false;
    }

    private static void assertNoSharedFiles() throws IOException {
        if (Files.isDirectory(SHARED_DIR)) {
            try (Stream<Path> files = Files.list(SHARED_DIR)) {
                assertEquals(List.of(), files.toList(), "shared buffers' files left behind");
            }
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
