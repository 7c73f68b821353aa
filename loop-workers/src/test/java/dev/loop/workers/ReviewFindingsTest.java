package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import dev.loop.value.shared.WaitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cases a review found by reading the code; each hung, leaked or lost something before its fix. */
class ReviewFindingsTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private final Threads threads = Threads.baseline();
    private final List<Object> log = new ArrayList<>();

    @AfterEach
    void noThreadIsLeftBehind() {
        threads.assertNoneLeft();
    }

    /** The loop's poll phase took terminate()'s interrupt; a wait in a later delivery must not block. */
    @Test
    void terminateEndsAWorkerWhoseNextMessageWaitsInAtomics() {
        SharedBuffer shared = SharedBuffer.allocate(4);
        assertTimeoutPreemptively(LIMIT, () -> {
            EventLoop loop = EventLoop.create();
            loop.run(() -> {
                Worker worker = Worker.start(WorkerOptions.defaults().withWorkerData(shared), w -> {
                    Int32Array flag = ((SharedBuffer) w.workerData()).int32();
                    w.parentPort().onMessage(m -> Atomics.wait(flag, 0, 0));
                    w.parentPort().postMessage("ready");
                });
                worker.onError(e -> log.add("error " + e.getClass().getSimpleName()));
                worker.onMessage(m -> loop.setTimeout(() -> {
                    worker.postMessage("block");
                    worker.terminate().thenAccept(code -> log.add("exit " + code));
                }, 20));
            });
            loop.close();
        });
        assertEquals(List.of("exit 1"), log);
    }

    /** With a task bound on the parent's loop, every message and the exit still arrive. */
    @Test
    void aBoundedParentLoopStillGetsEveryMessageAndTheExit() {
        assertTimeoutPreemptively(LIMIT, () -> {
            EventLoop loop = EventLoop.create(LoopOptions.defaults().withMaxPendingTasks(4));
            int[] received = {0};
            loop.run(() -> Worker.start(w -> {
                for (int i = 0; i < 10_000; i++) {
                    w.parentPort().postMessage(i);
                }
            }).onMessage(m -> received[0]++).onExit(code -> log.add("exit " + code)));
            loop.close();
            assertEquals(10_000, received[0]);
        });
        assertEquals(List.of("exit 0"), log);
    }

    /** A worker's own workers end with it, as in Node. */
    @Test
    void workersStartedByAWorkerEndWithIt() {
        assertTimeoutPreemptively(LIMIT, () -> {
            EventLoop loop = EventLoop.create();
            loop.run(() -> Worker.start(w1 -> {
                Worker.start(w2 -> w2.parentPort().onMessage(m -> { })); // alive until told otherwise
                w1.loop().setTimeout(() -> w1.exit(0), 10);
            }).onExit(code -> log.add("w1 exit " + code)));
            loop.close();
        });
        assertEquals(List.of("w1 exit 0"), log);
    }

    /** A timeout past the longest timer is as good as none, and registers nothing it cannot keep. */
    @Test
    void waitAsyncWithATimeoutOfWeeksWaitsForTheNotify() {
        Int32Array flag = SharedBuffer.allocate(4).int32();
        assertTimeoutPreemptively(LIMIT, () -> {
            EventLoop loop = EventLoop.create();
            loop.run(() -> {
                Atomics.waitAsync(loop, flag, 0, 0, Duration.ofDays(30)).thenAccept(r -> log.add(r));
                loop.setTimeout(() -> log.add("woke " + Atomics.notify(flag, 0, 1)), 5);
            });
            loop.close();
        });
        assertEquals(List.of("woke 1", WaitResult.OK), log);
    }
}
