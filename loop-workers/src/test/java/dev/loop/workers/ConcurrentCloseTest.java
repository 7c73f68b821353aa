package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sender and receiver close one channel at the same time, from two threads, at random points.
 * Exact accounting: every message whose postMessage returned is delivered once, in order, before
 * the receiver's close event; every other post threw. Nothing is lost or duplicated.
 */
class ConcurrentCloseTest {

    @Test
    void bothEndsClosingAtOnceLoseAndDuplicateNothing() throws Exception {
        SeededRounds.run(300, (random, choices) -> {
            int senders = 1 + random.nextInt(2);
            int senderClosesAfter = random.nextInt(2_000);
            int receiverClosesAt = random.nextInt(2_000);
            choices.append("senders ").append(senders).append(", sender closes after ").append(senderClosesAfter)
                    .append(", receiver closes at ").append(receiverClosesAt);
            oneRound(senders, senderClosesAfter, receiverClosesAt);
        });
    }

    private static void oneRound(int senders, int senderClosesAfter, int receiverClosesAt) throws Exception {
        EventLoop loop = EventLoop.create();
        MessageChannel channel = new MessageChannel();
        List<List<Integer>> delivered = new ArrayList<>();
        int[] closes = new int[1];
        int[] afterClose = new int[1];
        AtomicInteger[] accepted = new AtomicInteger[senders];
        List<Thread> posting = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            delivered.add(new ArrayList<>());
            accepted[s] = new AtomicInteger();
        }
        loop.run(() -> {
            int[] total = new int[1];
            channel.port2().onMessage(m -> {
                if (closes[0] > 0) {
                    afterClose[0]++;
                }
                List<?> message = (List<?>) m;
                delivered.get((Integer) message.get(0)).add((Integer) message.get(1));
                if (++total[0] == receiverClosesAt) {
                    channel.port2().close();
                }
            }).onClose(() -> closes[0]++);
            for (int s = 0; s < senders; s++) {
                int sender = s;
                posting.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; ; i++) {
                        if (sender == 0 && i == senderClosesAfter) {
                            channel.port1().close();
                        }
                        try {
                            channel.port1().postMessage(List.of(sender, i));
                        } catch (IllegalStateException closed) {
                            return;
                        }
                        accepted[sender].incrementAndGet();
                    }
                }));
            }
        });
        for (Thread t : posting) {
            t.join();
        }
        loop.close();
        assertEquals(1, closes[0], "one close event");
        assertEquals(0, afterClose[0], "no message after the close event");
        for (int s = 0; s < senders; s++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < accepted[s].get(); i++) {
                expected.add(i);
            }
            assertEquals(expected, delivered.get(s), "sender " + s + ": every accepted message, once, in order");
        }
    }
}
