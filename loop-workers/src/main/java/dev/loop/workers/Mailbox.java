package dev.loop.workers;

import dev.loop.api.EventLoop;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * The receiving end of a channel: a lock-free FIFO of items that any thread may put, and the
 * loop that currently takes them out, one per task in its poll phase.
 *
 * <p>Invariant: every item put is taken by exactly one task, in FIFO order, on the loop of the
 * {@link Delivery} attached when the task runs. Each put schedules one task on the attached
 * delivery, and attaching schedules one task per item already queued; a task that finds the queue
 * empty, or finds that its delivery was detached, does nothing. So there are at least as many
 * tasks as items, and none is lost: {@link #put} does {@code offer} and then reads
 * {@link #delivery}; {@link #attach} writes {@link #delivery} and then reads the size. Both are
 * sequentially consistent, so a put that read the old delivery is counted by the attach.
 */
final class Mailbox {

    private final MessagePassingQueue<Object> items = new MpscUnboundedAtomicArrayQueue<>(256);
    private volatile Delivery delivery;

    /** Any thread. */
    void put(Object item) {
        items.offer(item);
        // ordering: full fence. The queue publishes a new chunk's producer index with a lazySet,
        // which a plain volatile read could overtake; attach() would then count one item too few.
        VarHandle.fullFence();
        Delivery current = delivery;
        if (current != null) {
            current.schedule();
        }
    }

    /** On the delivery's loop thread. */
    void attach(Delivery next) {
        delivery = next;
        VarHandle.fullFence(); // pairs with put()'s: one of us sees the other
        for (int n = items.size(); n > 0; n--) {
            next.schedule();
        }
    }

    /** On the delivery's loop thread: items stay queued for whoever attaches next. */
    void detach(Delivery current) {
        if (delivery == current) {
            delivery = null;
        }
    }

    /** How one loop takes items out of a mailbox and hands them to a receiver. */
    static final class Delivery implements Runnable {
        private final Mailbox mailbox;
        private final EventLoop loop;
        private final Receiver receiver;

        Delivery(Mailbox mailbox, EventLoop loop, Receiver receiver) {
            this.mailbox = mailbox;
            this.loop = loop;
            this.receiver = receiver;
        }

        EventLoop loop() {
            return loop;
        }

        void schedule() {
            while (true) {
                try {
                    loop.execute(this);
                    return;
                } catch (RejectedExecutionException e) {
                    if (loop.isClosed()) {
                        // The receiving loop has ended; its ports were closed with it, so the item
                        // stays queued for nobody, as a message to a dead thread must.
                        return;
                    }
                    // Its task bound (LoopOptions.maxPendingTasks) is reached: the poster waits
                    // for room, since each item needs its own task.
                    Thread.yield();
                }
            }
        }

        /** Loop thread: takes one item. */
        @Override
        public void run() {
            if (mailbox.delivery != this || loop.isClosed()) {
                return; // detached since (transferred or closed), or the loop is ending (exit, terminate)
            }
            Object item = mailbox.items.poll();
            if (item != null) {
                receiver.receive(item);
            }
        }
    }

    /** Takes the items of one mailbox on its loop thread. */
    interface Receiver {
        void receive(Object item);
    }
}
