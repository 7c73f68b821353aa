package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cross-thread queue under load, with exact accounting: every task runs exactly once, tasks of
 * one producer run in submission order, and no wake-up is lost (a lost one hangs the loop, and the
 * timeout fails the test).
 */
public abstract class CrossThreadStressContract extends LoopSuite {

    /** For subclasses, which name the poller under test. */
    protected CrossThreadStressContract() {
    }


    private static final int PRODUCERS = 4;
    private static final int TASKS_PER_PRODUCER = 1_000_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    public void fourProducersTimesOneMillionTasks() throws Exception {
        EventLoop loop = newLoop();
        long[] lastSeen = new long[PRODUCERS];   // loop thread only
        long[] count = new long[PRODUCERS];      // loop thread only
        List<String> violations = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        loop.run(() -> {
            Handle alive = loop.keepAlive();
            long[] remaining = {(long) PRODUCERS * TASKS_PER_PRODUCER};
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                    awaitQuietly(start);
                    for (long seq = 1; seq <= TASKS_PER_PRODUCER; seq++) {
                        long s = seq;
                        loop.execute(() -> {
                            if (lastSeen[producer] + 1 != s && violations.size() < 10) {
                                violations.add("producer " + producer + ": " + s + " after " + lastSeen[producer]);
                            }
                            lastSeen[producer] = s;
                            count[producer]++;
                            if (--remaining[0] == 0) {
                                alive.close();
                            }
                        });
                        if ((seq & 0xFFFF) == 0) {
                            Thread.yield(); // let the loop catch up and go to sleep now and then
                        }
                    }
                }));
            }
            start.countDown();
        });
        for (Thread producer : producers) {
            producer.join();
        }
        assertEquals(List.of(), violations);
        for (int p = 0; p < PRODUCERS; p++) {
            assertEquals(TASKS_PER_PRODUCER, count[p], "tasks run for producer " + p);
            assertEquals(TASKS_PER_PRODUCER, lastSeen[p]);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    public void everySubmissionToASleepingLoopWakesIt() throws Exception {
        EventLoop loop = startLoop("sleeper");
        Thread me = Thread.currentThread();
        int rounds = 50_000;
        int[] ran = {0};                       // loop thread only
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 1; i <= rounds; i++) {
            loop.execute(() -> {
                ran[0]++;
                done.set(ran[0]);
                LockSupport.unpark(me);
            });
            while (done.get() != i) {
                LockSupport.park(); // the loop is asleep between rounds: each task needs a wake-up
                if (Thread.interrupted()) {
                    throw new InterruptedException("timed out waiting for round " + i + ": a wake-up was lost");
                }
            }
        }
        loop.close();
        loop.termination().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(rounds, done.get());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
