package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.LoopOptions;
import dev.loop.spi.Poller;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
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

    @Test
    void submissionsFromTheLoopThreadSkipTheCrossThreadQueue() {
        EventLoop loop = EventLoop.create(LoopOptions.defaults().withMaxPendingTasks(4));
        int[] ran = {0};
        loop.run(() -> {
            for (int i = 0; i < 1_000; i++) {
                loop.execute(() -> ran[0]++); // the bound of 4 applies to the MPSC queue only
            }
        });
        assertEquals(1_000, ran[0]);
        Thread other = Thread.ofPlatform().unstarted(() -> {
            for (int i = 0; i < 1_000; i++) {
                loop.execute(() -> ran[0]++);
            }
        });
        RejectedExecutionException[] rejected = new RejectedExecutionException[1];
        other.setUncaughtExceptionHandler((t, e) -> rejected[0] = (RejectedExecutionException) e);
        other.start();
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertTrue(rejected[0] != null, "another thread's submissions do go through the bounded queue");
        loop.close();
    }
}
