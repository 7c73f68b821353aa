package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.Phase;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import dev.loop.value.shared.WaitResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Atomics.waitAsync: settles on the waiting loop, never blocks it, keeps it alive while pending. */
class WaitAsyncTest extends LoopFixture {

    @Test
    void aNotifyFromAWorkerSettlesOkOnTheWaitingLoopWhichKeptRunning() {
        SharedBuffer shared = SharedBuffer.allocate(4);
        Int32Array flag = shared.int32();
        loop.run(() -> {
            Atomics.waitAsync(loop, flag, 0, 0, Atomics.FOREVER).thenAccept(result -> log.add(result + " in "
                    + loop.phase() + " on " + (loop.inLoop() ? "the loop" : "another thread")));
            loop.setTimeout(() -> {
                log.add("a timer ran while waiting");
                Worker.start(WorkerOptions.defaults().withWorkerData(shared), w -> {
                    Int32Array f = ((SharedBuffer) w.workerData()).int32();
                    Atomics.store(f, 0, 1);
                    w.parentPort().postMessage(Atomics.notify(f, 0, 1));
                }).onMessage(woken -> log.add("worker woke " + woken));
            }, 10);
        });
        assertEquals("a timer ran while waiting", log.get(0));
        // the settle and the worker's message come through different queues: either order
        assertEquals(List.of("ok in " + Phase.POLL + " on the loop", "worker woke 1"), log.subList(1, 3).stream().sorted().toList());
    }

    @Test
    void notEqualAndTimedOutAreSettledWithoutANotify() {
        Int32Array flag = SharedBuffer.allocate(4).int32();
        loop.run(() -> {
            Atomics.waitAsync(loop, flag, 0, 5, Atomics.FOREVER).thenAccept(r -> log.add("first " + r));
            Atomics.waitAsync(loop, flag, 0, 0, Duration.ofMillis(15)).thenAccept(r -> log.add("second " + r
                    + " after " + (loop.now() >= 15 ? ">= 15 ms" : loop.now() + " ms")));
        });
        assertEquals(List.of("first " + WaitResult.NOT_EQUAL, "second " + WaitResult.TIMED_OUT + " after >= 15 ms"), log);
        assertEquals(0, Atomics.notify(flag, 0, 1), "the timed-out waiter left the list");
    }

    /** activeResources(): a pending waitAsync is an AtomicsWaitAsync until it settles. */
    @Test
    void aPendingWaitIsAnActiveResource() {
        Int32Array flag = SharedBuffer.allocate(4).int32();
        List<java.util.Map<String, Integer>> seen = new java.util.ArrayList<>();
        loop.run(() -> {
            Atomics.waitAsync(loop, flag, 0, 0, Duration.ofMillis(20)).thenAccept(r -> seen.add(loop.activeResources()));
            seen.add(loop.activeResources());
        });
        assertEquals(List.of(java.util.Map.of("AtomicsWaitAsync", 1), java.util.Map.of()), seen, "pending, then timed out");
    }
}
