package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.LoopOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Tasks from other threads: each producer's tasks run once each, in submission order, whatever the
 * number of producers (40 seeded rounds of 1-4 producers and up to 3,000 tasks each); the loop's own
 * submissions never go through the bounded cross-thread queue.
 */
public abstract class SchedulingContract extends LoopSuite {

    /** For subclasses, which name the poller under test. */
    protected SchedulingContract() {
    }

    

    @RepeatedTest(40)
    public void tasksOfEachProducerRunOnceInSubmissionOrder(RepetitionInfo round) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(round.getCurrentRepetition());
        int producers = 1 + random.nextInt(4);
        int tasksEach = random.nextInt(3_001);
        EventLoop loop = newLoop();
        List<List<Integer>> seen = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        loop.run(() -> {
            Handle alive = loop.keepAlive();
            int[] remaining = {producers * tasksEach};
            if (remaining[0] == 0) {
                alive.close();
            }
            for (int p = 0; p < producers; p++) {
                List<Integer> mine = new ArrayList<>();
                seen.add(mine);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < tasksEach; i++) {
                        int n = i;
                        loop.execute(() -> {
                            mine.add(n);
                            if (--remaining[0] == 0) {
                                alive.close();
                            }
                        });
                    }
                }));
            }
            go.countDown();
        });
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        for (List<Integer> mine : seen) {
            assertEquals(tasksEach, mine.size());
            for (int i = 0; i < tasksEach; i++) {
                assertEquals(i, mine.get(i));
            }
        }
    }

    @Test
    public void submissionsFromTheLoopThreadSkipTheCrossThreadQueue() {
        EventLoop loop = newLoop(LoopOptions.defaults().withMaxPendingTasks(4));
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
