package dev.loop.workers;

import dev.loop.api.EventLoop;
import java.lang.invoke.VarHandle;
import dev.loop.spi.LoopContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * The receiving end of a channel: a lock-free FIFO of items that any thread may put, and the
 * loop that currently takes them out, in its poll phase.
 *
 * <p>Invariant: every item put is taken exactly once, in FIFO order, on the loop of the
 * {@link Delivery} attached when it is taken. Each put asks the attached delivery for a task, and
 * attaching asks once per item already queued; a task that finds the queue empty, or finds that
 * its delivery was detached, does nothing. None is lost: {@link #put} offers (a CAS) and then reads
 * {@link #delivery}; {@link #attach} writes {@link #delivery}, fences and then checks
 * {@link #hasItems()}, so a put that read the old delivery is seen by the attach. Covered by the jcstress test
 * MailboxStress (loop-jcstress) and by ConcurrentCloseTest and TransferUnderLoadTest.
 */
final class Mailbox {

    private final MpscUnboundedAtomicArrayQueue<Object> items = new MpscUnboundedAtomicArrayQueue<>(256);
    private volatile Delivery delivery;

    /** Any thread. */
    void put(Object item) {
        // ordering: no fence. The offer begins with a CAS of the producer index (to an odd index
        // while it links a new chunk, then a lazySet of the next even one); the volatile read of
        // delivery below follows that CAS in the synchronization order, and the readers of the
        // queue on the other side (attach, Delivery.run) use hasItems(), which counts an odd index
        // as an item: so they see the CAS or we see their write, whatever the lazySet does.
        items.offer(item);
        Delivery current = delivery;
        if (current != null) {
            current.schedule();
        }
    }

    /** On the delivery's loop thread. */
    void attach(Delivery next) {
        delivery = next;
        VarHandle.fullFence(); // with put()'s CAS: one of us sees the other
        if (hasItems()) {
            next.schedule(); // queues the one task that delivers them all
        }
    }

    /**
     * Whether an item is queued or being linked into a new chunk (an odd producer index, which
     * JCTools' own {@code isEmpty()} reads as empty): strict, so that {@link #put} needs no fence.
     */
    boolean hasItems() {
        return items.lvProducerIndex() != items.lvConsumerIndex();
    }

    /**
     * On the consumer's thread (the owner's loop thread, or the holder of an unstarted target):
     * takes the next item unless it is a {@link Control} such as the close marker, which stays for
     * the delivery. Returns null when there is none. One consumer at a time makes the peek and the
     * poll see the same item.
     */
    Object takeUnlessControl() {
        Object next = items.peek();
        return next == null || next instanceof Control ? null : items.poll();
    }

    /** On the delivery's loop thread: items stay queued for whoever attaches next. */
    void detach(Delivery current) {
        if (delivery == current) {
            delivery = null;
        }
    }

    /**
     * How one loop takes items out of a mailbox and hands them to a receiver.
     *
     * <p>One task delivers the whole queue, each item as a callback of its own (through the loop's
     * {@link LoopContext#invoke}) with nextTicks and microtasks drained after it, as Node's
     * {@code MessagePort::OnMessage} does; the next task is queued only when the queue runs dry.
     * Invariant: while {@link #scheduled} is set, a task is queued or running and will look at the
     * queue again before it clears the flag; a put that finds the flag set needs no task. The task
     * clears the flag, fences, and looks once more ({@link #hasItems()}); a put offers (a CAS) and
     * reads the flag. One of them sees the other, so no item is left without a task.
     */
    static final class Delivery implements Runnable {
        /** Items one task delivers before it lets the loop go on (Node: at least 1000). */
        private static final int BATCH = 1000;

        private final Mailbox mailbox;
        private final EventLoop loop;
        private final Receiver receiver;
        private final LoopContext context;
        private final AtomicBoolean scheduled = new AtomicBoolean();

        /** Delivers to {@code receiver} on the loop of {@code context}. */
        Delivery(Mailbox mailbox, LoopContext context, Receiver receiver) {
            this.mailbox = mailbox;
            this.loop = context.loop();
            this.receiver = receiver;
            this.context = context;
        }

        EventLoop loop() {
            return loop;
        }

        void schedule() {
            if (scheduled.get() || !scheduled.compareAndSet(false, true)) {
                return; // a task is queued or running, and will see the item
            }
            queue();
        }

        private void queue() {
            // If the receiving loop has ended, its ports were closed with it, and the item stays
            // queued for nobody, as a message to a dead thread must.
            context.deliverUnlessClosed(this);
        }

        /** Loop thread: delivers the queue, up to a batch. */
        @Override
        public void run() {
            for (int n = 0; n < BATCH && current(); n++) {
                Object item = mailbox.items.poll();
                if (item == null) {
                    break;
                }
                context.invoke(() -> receiver.receive(item));
            }
            scheduled.set(false);
            VarHandle.fullFence(); // with put()'s CAS: see the class comment
            if (current() && mailbox.hasItems() && scheduled.compareAndSet(false, true)) {
                queue(); // more came, or the batch ran out: deliver them in a task of their own
            }
        }

        /** Whether this delivery still owns the mailbox and its loop still runs. */
        private boolean current() {
            return mailbox.delivery == this && !loop.isClosed();
        }
    }

    /** Takes the items of one mailbox on its loop thread. */
    interface Receiver {
        void receive(Object item);
    }
}
