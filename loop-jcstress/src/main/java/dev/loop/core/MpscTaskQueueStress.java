package dev.loop.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.loop.spi.Poller;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZI_Result;

/**
 * The loop's sleep announcement against a producer's offer ({@link MpscTaskQueue}'s overview,
 * "Wake-ups are coalesced"): the loop writes SLEEPING and re-checks the queue, as
 * {@code CoreEventLoop}'s poll phase does before it blocks; a producer offers and then reads the
 * state, waking the poller if it reads SLEEPING. Result: whether the loop's re-check saw the task,
 * and how many times the poller was woken.
 */
public final class MpscTaskQueueStress {

    private MpscTaskQueueStress() {
    }

    @JCStressTest
    @Description("MpscTaskQueue: the loop's prepareToSleep() and isEmpty() re-check against offer() and its state read")
    @Outcome(id = "true, 0", expect = ACCEPTABLE,
            desc = "The loop's re-check saw the task, so it does not block; the producer read AWAKE and woke nobody.")
    @Outcome(id = "false, 1", expect = ACCEPTABLE,
            desc = "The loop's re-check missed the task and it blocks; the producer read SLEEPING and woke the poller.")
    @Outcome(id = "true, 1", expect = ACCEPTABLE,
            desc = "Each side saw the other: the loop does not block, and a spare wake-up makes its next poll return early.")
    @Outcome(id = "false, 0", expect = FORBIDDEN,
            desc = "Lost wake-up: the loop blocks with a task queued and nobody wakes it.")
    @Outcome(expect = FORBIDDEN, desc = "More than one wake-up for one offer: the CAS to AWAKE no longer coalesces them.")
    @State
    public static class SleepVersusOffer {
        private final WakeupCounter poller = new WakeupCounter();
        private final MpscTaskQueue queue = new MpscTaskQueue(0, poller, "jcstress"); // unbounded, the default

        @Actor
        public void loop(ZI_Result r) {
            queue.prepareToSleep();
            r.r1 = !queue.isEmpty();
        }

        @Actor
        public void producer() {
            queue.offerOrReject(SleepVersusOffer::task);
        }

        @Arbiter
        public void wakeups(ZI_Result r) {
            r.r2 = poller.wakeups.get();
        }

        private static void task() {
            // never run: only its presence in the queue matters
        }
    }

    /** A poller that only counts {@link #wakeup()} calls; the test never polls it. */
    private static final class WakeupCounter implements Poller {
        final AtomicInteger wakeups = new AtomicInteger();

        @Override
        public void poll(long timeoutNanos) {
            throw new UnsupportedOperationException("the test never blocks");
        }

        @Override
        public void wakeup() {
            wakeups.incrementAndGet();
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
