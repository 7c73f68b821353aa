package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.LoopOptions;
import dev.loop.spi.Poller;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Producers pay for a wake-up only when the loop sleeps; the loop thread skips the MPSC queue. */
class WakeupCoalescingTest {

    /** Parks like the default poller and counts blocking polls and wake-ups. */
    static final class CountingPoller implements Poller {
        final Thread owner;
        final AtomicLong sleeps = new AtomicLong();
        final AtomicLong wakeups = new AtomicLong();

        CountingPoller(Thread owner) {
            this.owner = owner;
        }

        @Override
        public void poll(long timeoutNanos) {
            if (timeoutNanos != 0) {
                sleeps.incrementAndGet();
                if (timeoutNanos == INFINITE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, timeoutNanos);
                }
            }
        }

        @Override
        public void wakeup() {
            wakeups.incrementAndGet();
            LockSupport.unpark(owner);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aBusyLoopCostsProducersNoWakeups() throws InterruptedException {
        List<CountingPoller> pollers = new ArrayList<>();
        EventLoop loop = EventLoop.create(LoopOptions.defaults().withPoller(context -> {
            CountingPoller poller = new CountingPoller(context.owner());
            pollers.add(poller);
            return poller;
        }));
        int tasks = 200_000;
        int[] ran = {0};
        Thread[] producer = new Thread[1];
        loop.run(() -> {
            Handle alive = loop.keepAlive();
            producer[0] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < tasks; i++) {
                    loop.execute(() -> {
                        if (++ran[0] == tasks) {
                            alive.close();
                        }
                    });
                }
            });
        });
        producer[0].join();
        CountingPoller poller = pollers.get(0);
        assertEquals(tasks, ran[0]);
        assertTrue(poller.wakeups.get() < tasks / 10, "wake-ups were not coalesced: " + poller.wakeups);
    }
}
