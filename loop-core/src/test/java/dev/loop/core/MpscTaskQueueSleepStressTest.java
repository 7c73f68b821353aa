package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.spi.Poller;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Producers against a consumer that sleeps as the loop does (drain; announce sleep; re-check;
 * park until woken), with exact accounting: every task offered is taken, and a lost wake-up
 * leaves the consumer parked for good, which the timeout fails. Tiny chunks make producers link
 * new chunks (an odd producer index, then a lazySet) while the consumer drains: the case
 * {@code MpscTaskQueue.afterOffer} reasons about without a fence.
 */
class MpscTaskQueueSleepStressTest {

    private static final int PRODUCERS = 2;
    private static final int PER_PRODUCER = 500_000;

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 1024})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyTaskIsTakenAndNoWakeUpIsLost(int chunkSize) throws InterruptedException {
        Thread consumer = Thread.currentThread();
        Poller parking = Poller.parking(consumer);
        MpscTaskQueue queue = new MpscTaskQueue(0, parking, "stress", chunkSize);
        Runnable task = () -> { };
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            producers[p] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < PER_PRODUCER; i++) {
                    queue.offerOrReject(task);
                }
            });
        }
        long taken = 0;
        long sleeps = 0;
        while (taken < (long) PRODUCERS * PER_PRODUCER) {
            int drained = queue.drain(t -> { }, 256);
            taken += drained;
            if (drained > 0) {
                continue;
            }
            queue.prepareToSleep();
            if (queue.isEmpty()) {
                sleeps++;
                parking.poll(Poller.INFINITE); // a lost wake-up parks here until the timeout
            }
            queue.awake();
        }
        for (Thread producer : producers) {
            producer.join();
        }
        assertEquals((long) PRODUCERS * PER_PRODUCER, taken);
        assertEquals(true, queue.isEmpty());
        System.out.println("chunk " + chunkSize + ": " + sleeps + " sleeps");
    }
}
