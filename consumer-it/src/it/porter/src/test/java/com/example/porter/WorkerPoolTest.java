package com.example.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Four workers sum into shared memory with Atomics, post typed records, and exit with 0. */
class WorkerPoolTest {

    @Test
    void theWorkersSumTheRangeTogether() {
        WorkerPool.Outcome[] outcome = new WorkerPool.Outcome[1];
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> WorkerPool.sum(loop, 10_000, 4).thenAccept(o -> outcome[0] = o));
        }
        assertEquals(49_995_000L, outcome[0].sum());
        assertEquals(4, outcome[0].done());
        assertEquals(10_000, outcome[0].messages().stream().mapToInt(done -> done.count()).sum());
        assertEquals(List.of(0, 0, 0, 0), outcome[0].exitCodes());
    }
}
