package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two loops with a tiny task bound post to each other over eight channels, each from its own
 * callbacks (issue 11, found by a probe: the poster parked for room in the other loop's queue
 * while holding the channel's lock, the other loop's callback posted on that channel, and both
 * stopped: 0 messages delivered in 3 of 3 runs). Exact accounting: every message arrives once.
 */
class BoundedLoopsTest {

    private static final int CHANNELS = 8;
    private static final int MESSAGES = 2_000;

    private final Threads threads = Threads.baseline();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoBoundedLoopsPostingToEachOtherNeverDeadlock() throws Exception {
        EventLoop a = EventLoop.startThread(LoopOptions.defaults().withName("bounded-a").withMaxPendingTasks(4));
        EventLoop b = EventLoop.startThread(LoopOptions.defaults().withName("bounded-b").withMaxPendingTasks(4));
        List<MessageChannel> channels = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            channels.add(new MessageChannel());
        }
        AtomicInteger receivedByA = new AtomicInteger();
        AtomicInteger receivedByB = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(2);
        start(a, channels, true, receivedByA, done);
        start(b, channels, false, receivedByB, done);
        assertTrue(done.await(50, TimeUnit.SECONDS), "deadlock: A received " + receivedByA + ", B received " + receivedByB
                + " of " + CHANNELS * MESSAGES + " each");
        assertEquals(CHANNELS * MESSAGES, receivedByA.get());
        assertEquals(CHANNELS * MESSAGES, receivedByB.get());
        a.close();
        b.close();
        a.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
        b.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
        threads.assertNoneLeft();
    }

    /**
     * Binds one side's ports on {@code loop} and posts its burst, in one task (the only task the
     * test submits, so the tiny bound never refuses it). Each side first posts MESSAGES / 2 per channel and
     * answers each of those it receives once, so each side receives CHANNELS * MESSAGES in all.
     */
    private static void start(EventLoop loop, List<MessageChannel> channels, boolean first, AtomicInteger received,
            CountDownLatch done) {
        loop.execute(() -> {
            for (MessageChannel channel : channels) {
                MessagePort mine = first ? channel.port1() : channel.port2();
                mine.onMessage(value -> {
                    if (received.incrementAndGet() == CHANNELS * MESSAGES) {
                        done.countDown();
                    }
                    if ((Integer) value < MESSAGES) {
                        mine.postMessage((Integer) value + MESSAGES); // answer from a delivery: the probe's cycle
                    }
                }).unref();
            }
            postAll(channels, first); // what the other side posts before it binds waits in its mailbox
        });
    }

    /** Posts a burst on every port of one side, from a task of that side's loop. */
    private static void postAll(List<MessageChannel> channels, boolean first) {
        for (int m = 0; m < MESSAGES / 2; m++) {
            for (MessageChannel channel : channels) {
                (first ? channel.port1() : channel.port2()).postMessage(m);
            }
        }
    }
}
