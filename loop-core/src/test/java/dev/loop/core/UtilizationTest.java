package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopUtilization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Node's eventLoopUtilization(): idle is the poll phase's wait, active the rest of run(). */
class UtilizationTest {

    /**
     * On a virtual clock the figures are exact: a callback that takes 30 ms of the clock is active
     * time, the poll phase's 200 ms wait for a timer is idle time.
     */
    @Test
    void idleIsThePollPhasesWaitAndActiveTheRest() {
        VirtualTime time = new VirtualTime();
        EventLoop loop = time.newLoop();
        List<LoopUtilization> readings = new ArrayList<>();
        loop.run(() -> {
            time.advanceMillis(30); // a 30 ms callback
            readings.add(loop.utilization());
            loop.setTimeout(() -> readings.add(loop.utilization()), 200);
        });
        readings.add(loop.utilization());
        assertEquals(LoopUtilization.of(0, 30_000_000L), readings.get(0));
        assertEquals(LoopUtilization.of(200_000_000L, 30_000_000L), readings.get(1));
        assertEquals(readings.get(1), readings.get(2), "after run() returned, nothing more accrues");
        LoopUtilization interval = readings.get(1).since(readings.get(0));
        assertEquals(Duration.ofMillis(200), interval.idle());
        assertEquals(Duration.ZERO, interval.active());
        assertEquals(0.0, interval.utilization());
        assertEquals(30.0 / 230, readings.get(2).utilization(), 1e-9);
        loop.close();
    }

    /** Read from another thread while the loop sleeps: the wait in progress counts as idle. */
    @Test
    void anotherThreadSeesTheWaitInProgressAsIdle() throws Exception {
        EventLoop loop = EventLoop.startThread("utilization");
        CountDownLatch asleep = new CountDownLatch(1);
        loop.execute(asleep::countDown);
        asleep.await(10, TimeUnit.SECONDS);
        LoopUtilization first = loop.utilization();
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(50)) {
            Thread.onSpinWait(); // real time passes while the loop waits for a task
        }
        LoopUtilization later = loop.utilization().since(first);
        assertTrue(later.idle().toMillis() >= 40, "idle while it waited: " + later);
        assertTrue(later.utilization() < 0.2, "mostly idle: " + later);
        loop.close();
    }
}
