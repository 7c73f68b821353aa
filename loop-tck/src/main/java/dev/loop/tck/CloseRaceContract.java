package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Producers race close(): every submission either runs exactly once or is rejected to its
 * submitter, never both and never neither (MpscTaskQueue's close protocol).
 */
public abstract class CloseRaceContract extends LoopSuite {

    /** For subclasses, which name the poller under test. */
    protected CloseRaceContract() {
    }


    @RepeatedTest(30)
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    public void everyTaskRunsOnceOrIsRejected() throws Exception {
        EventLoop loop = startLoop("close-race");
        int producers = 3;
        AtomicLong ran = new AtomicLong();
        long[] accepted = new long[producers];
        long[] rejected = new long[producers];
        CountDownLatch started = new CountDownLatch(producers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(Thread.ofPlatform().start(() -> {
                started.countDown();
                while (true) {
                    try {
                        loop.execute(ran::incrementAndGet);
                        accepted[id]++;
                    } catch (RejectedExecutionException e) {
                        rejected[id]++;
                        if (rejected[id] > 50) {
                            return; // keep racing a little past the close
                        }
                    }
                }
            }));
        }
        started.await();
        Thread.yield();
        loop.close();
        for (Thread thread : threads) {
            thread.join();
        }
        loop.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
        long totalAccepted = 0;
        for (long a : accepted) {
            totalAccepted += a;
        }
        assertEquals(totalAccepted, ran.get(), "every accepted task ran exactly once");
    }
}
