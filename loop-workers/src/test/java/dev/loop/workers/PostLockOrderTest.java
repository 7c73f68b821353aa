package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.loop.value.ArrayBuffer;
import dev.loop.value.ValueCodec;
import dev.loop.value.ValueCodecs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A mailbox's lock is never held while another is taken or while a value's code runs: two threads
 * that send each other ports, or a codec that posts while its value is copied, must not wait
 * forever (a review found both with the first version of the lock).
 */
class PostLockOrderTest extends LoopFixture {

    /**
     * The root of the cross-transfer deadlock: a transfer's commit detaches the moved port while
     * its sender holds the destination's lock. Detaching must not wait for the port's own mailbox
     * lock, which the other thread may hold.
     */
    @Test
    void detachingAPortNeverWaitsForItsMailboxLock() throws InterruptedException {
        Mailbox mailbox = new Mailbox();
        Mailbox.Delivery delivery = new Mailbox.Delivery(mailbox, dev.loop.spi.LoopContext.of(loop), item -> { });
        loop.run(() -> mailbox.attach(delivery));
        mailbox.lock(); // held by "the other thread's post"
        try {
            Thread detaching = Thread.ofPlatform().start(() -> mailbox.detach(delivery));
            detaching.join(10_000);
            assertFalse(detaching.isAlive(), "detach waited for the mailbox's lock");
        } finally {
            mailbox.unlock();
        }
    }

    /** Not a record: records are copied by their components, this one by its codec. */
    static final class Chatty {
        private final int n;

        Chatty(int n) {
            this.n = n;
        }

        int n() {
            return n;
        }
    }

    /** A codec that posts through the same port while its value is being copied for a post with a transfer list. */
    @Test
    void aCodecMayPostWhileItsValueIsCopied() {
        MessageChannel channel = new MessageChannel();
        ValueCodecs.register(ValueCodec.of(Chatty.class, "test.Chatty/1", chatty -> {
            channel.port1().postMessage("posted from the codec");
            return chatty.n();
        }, structured -> new Chatty((Integer) structured)));
        loop.run(() -> {
            channel.port2().onMessage(m -> {
                log.add(m instanceof List<?> parts && parts.get(0) instanceof Chatty c ? "chatty " + c.n() : m);
                if (log.size() == 2) {
                    channel.port2().close();
                }
            });
            ArrayBuffer moved = ArrayBuffer.allocate(8);
            channel.port1().postMessage(List.of(new Chatty(7), moved), List.of(moved));
        });
        assertEquals(List.of("posted from the codec", "chatty 7"), log);
    }
}
