package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Delivery details: throwing listeners, values posted as they are, and one poll phase per burst. */
class PortDeliveryTest extends LoopFixture {

    @Test
    void aThrowingListenerDoesNotStrandTheMessagesBehindIt() {
        loop.onUncaughtException((error, phase) -> log.add("caught " + error.getMessage()));
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            channel.port2().onMessage(m -> {
                log.add(m);
                if (m.equals(2)) {
                    throw new IllegalStateException("listener failed on 2");
                }
                if (m.equals(4)) {
                    channel.port2().close();
                }
            });
            for (int i = 1; i <= 4; i++) {
                channel.port1().postMessage(i);
            }
        });
        assertEquals(List.of(1, 2, "caught listener failed on 2", 3, 4), log);
    }

    @Test
    void nullsArraysAndRecordsArriveAsCopiesOrAsTheyAreWhenImmutable() {
        record Point(int x, int y) { }
        Point point = new Point(1, 2);
        int[] array = {1, 2, 3};
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            channel.port2().onMessage(m -> {
                log.add(m);
                if (log.size() == 3) {
                    channel.port2().close();
                }
            });
            channel.port1().postMessage(null);
            channel.port1().postMessage(point);
            channel.port1().postMessage(array);
            array[0] = 99; // after the post: the receiver's copy was taken at the post
        });
        assertEquals(null, log.get(0));
        assertEquals(point, log.get(1));
        assertEquals("[1, 2, 3]", Arrays.toString((int[]) log.get(2)));
    }

    @Test
    void aBurstOfMessagesIsDeliveredInOnePollPhaseBeforeTheCheckPhase() {
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            channel.port2().onMessage(m -> {
                log.add(m + "@" + loop.iteration());
                if (m.equals(3)) {
                    channel.port2().close();
                }
            });
            Thread sender = Thread.ofPlatform().unstarted(() -> {
                for (int i = 1; i <= 3; i++) {
                    channel.port1().postMessage(i);
                }
            });
            loop.setTimeout(() -> {
                try {
                    sender.start();
                    sender.join(); // all three are queued before this timer's poll phase
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                loop.setImmediate(() -> log.add("immediate@" + loop.iteration()));
            }, 1);
        });
        long iteration = Long.parseLong(((String) log.get(0)).split("@")[1]);
        assertEquals(List.of("1@" + iteration, "2@" + iteration, "3@" + iteration, "immediate@" + iteration), log);
    }
}
