package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopCounters;
import dev.loop.api.Phase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loop's counters: iterations, callbacks per phase, timers fired, tasks from other threads. */
class CountersTest {

    @Test
    void eachPhaseCountsTheCallbacksItRan() {
        VirtualTime time = new VirtualTime();
        EventLoop loop = time.newLoop();
        LoopCounters[] before = new LoopCounters[1];
        loop.run(() -> {
            before[0] = loop.counters();
            loop.setImmediate(() -> { });
            loop.setImmediate(() -> { });
            loop.setTimeout(() -> { }, 10);
            loop.setTimeout(() -> loop.nextTick(() -> { }), 20); // a nextTick is not a callback of its own
        });
        LoopCounters after = loop.counters();
        assertEquals(2, after.callbacks().get(Phase.MAIN), "the entry, and the beforeExit event as the loop ran out of work");
        assertEquals(2, after.callbacks().get(Phase.CHECK));
        assertEquals(2, after.timersFired());
        assertEquals(0, after.callbacks().get(Phase.CLOSE));
        assertTrue(after.iterations() >= 2, "iterations " + after.iterations());
        assertEquals(0, before[0].callbacks().get(Phase.CHECK));
        assertEquals(0, after.crossThreadTasks());
        assertEquals(0, after.queueDepth());
        loop.close();
    }

    @Test
    void tasksFromOtherThreadsAreCounted() throws Exception {
        EventLoop loop = EventLoop.startThread("counters");
        for (int i = 0; i < 99; i++) {
            loop.execute(() -> { });
        }
        CompletableFuture<LoopCounters> seen = new CompletableFuture<>();
        loop.execute(() -> loop.setImmediate(() -> seen.complete(loop.counters())));
        LoopCounters counters = seen.get(10, TimeUnit.SECONDS);
        assertEquals(100, counters.crossThreadTasks());
        assertTrue(counters.callbacks().get(Phase.POLL) >= 100, "tasks run in the poll phase: " + counters);
        loop.close();
    }
}
