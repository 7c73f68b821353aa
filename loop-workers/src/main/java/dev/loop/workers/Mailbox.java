package dev.loop.workers;

import dev.loop.api.EventLoop;
import dev.loop.spi.LoopContext;
import org.jctools.queues.atomic.SpscUnboundedAtomicArrayQueue;

/**
 * The receiving end of a channel: a FIFO of items that any thread may put, and the loop that
 * currently takes them out, in its poll phase.
 *
 * <p>Invariant: every item put is taken exactly once, in FIFO order, on the loop of the
 * {@link Delivery} attached when it is taken. Each put asks the attached delivery for a task, and
 * attaching asks once per item already queued; a task that finds the queue empty, or finds that
 * its delivery was detached, does nothing.
 *
 * <p><b>The lock.</b> Every {@link #put} holds this mailbox's {@link PostLock}, which its owner
 * needs anyway to order a post against a close. So puts are serialized, and the queue has one
 * producer at a time, each ordered after the last by the lock's release and acquire: a
 * single-producer queue, and one atomic read-modify-write per item (the lock's).
 *
 * <p>While one is held no other is taken, but by a close, which takes its channel's two in one
 * order (a put runs no code that locks, and the value is copied before), so posts between any
 * mailboxes cannot deadlock. The consumer's decisions that race with a put, whether to
 * attach with a task ({@link #attach}) and whether a delivery that ran dry may stop
 * ({@link Delivery#run}), are made holding the lock: a put that came first is seen there, and a put that comes after sees the state
 * they leave. A delivery that ran dry and finds the lock held does not wait: a put is under way,
 * so it looks again in a task of its own. So no item is left without a task, at most one task is
 * queued at a time, and the consumer never blocks a loop on a poster. Covered by the jcstress test
 * MailboxStress (loop-jcstress) and by ConcurrentCloseTest and TransferUnderLoadTest.
 */
final class Mailbox {

    private final SpscUnboundedAtomicArrayQueue<Object> items = new SpscUnboundedAtomicArrayQueue<>(256);
    private final PostLock lock = new PostLock();
    /**
     * Written by attach holding the lock, and by detach without it; read by puts, holding it.
     * Volatile for detach: a put that still reads the detached delivery schedules a task that
     * finds it detached and does nothing, and the next attach, holding the lock, sees the items.
     */
    private volatile Delivery delivery;

    /** Any thread: takes the lock, spinning while another thread holds it. */
    void lock() {
        lock.lock();
    }

    /** Any thread: takes the lock if it is free, without waiting. */
    boolean tryLock() {
        return lock.tryLock();
    }

    /** The holder: releases the lock. */
    void unlock() {
        lock.unlock();
    }

    /** Any thread, holding the lock. */
    void put(Object item) {
        assert lock.isLocked() : "a put must hold the mailbox's lock";
        items.offer(item);
        Delivery current = delivery;
        if (current != null && !current.scheduled) {
            current.scheduled = true;
            current.queue(); // the one task that delivers them all
        }
    }

    /** Any thread: {@link #put} under the lock, for an item that nothing else must be ordered with. */
    void putLocked(Object item) {
        lock();
        try {
            put(item);
        } finally {
            unlock();
        }
    }

    /** On the delivery's loop thread. */
    void attach(Delivery next) {
        lock();
        try {
            delivery = next;
            if (!items.isEmpty() && !next.scheduled) {
                next.scheduled = true; // the one task that delivers them all
                next.queue();
            }
        } finally {
            unlock();
        }
    }

    /** Whether an item is queued. On the consumer's thread. */
    boolean hasItems() {
        return !items.isEmpty();
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

    /**
     * On the delivery's loop thread: items stay queued for whoever attaches next. Takes no lock: a
     * transfer's commit detaches a port while its sender holds another mailbox's lock, and two
     * threads that send each other ports must not wait for each other.
     */
    void detach(Delivery current) {
        current.detached = true; // read by its own run(), on this thread
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
     * queue again before the flag is cleared, which happens only holding the lock with the queue
     * empty; a put, holding the lock, that finds the flag set needs no task.
     */
    static final class Delivery implements Runnable {
        /** Items one task delivers before it lets the loop go on (Node: at least 1000). */
        private static final int BATCH = 1000;

        private final Mailbox mailbox;
        private final EventLoop loop;
        private final Receiver receiver;
        private final LoopContext context;
        /** Whether a task is queued or running. Written holding the mailbox's lock. */
        private boolean scheduled;
        /** Set by {@link Mailbox#detach} on this delivery's loop thread, the only one that reads it. */
        private boolean detached;

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

        /** Hands this task to its loop; {@link #scheduled} is set. */
        private void queue() {
            // If the receiving loop has ended, its ports were closed with it, and the item stays
            // queued for nobody, as a message to a dead thread must.
            context.deliverUnlessClosed(this);
        }

        /** Loop thread: delivers the queue, up to a batch. */
        @Override
        public void run() {
            SpscUnboundedAtomicArrayQueue<Object> items = mailbox.items;
            for (int n = 0; n < BATCH && current(); n++) {
                Object item = items.poll();
                if (item == null) {
                    break;
                }
                context.invoke(() -> receiver.receive(item));
            }
            if (!current()) {
                return; // detached, or the loop closed: the flag stays set, and nobody queues for it
            }
            if (mailbox.hasItems() || !mailbox.tryLock()) {
                queue(); // more came, the batch ran out, or a put is under way: look again in a task
                return;
            }
            try {
                if (mailbox.hasItems()) {
                    queue(); // put between the look and the lock
                } else {
                    scheduled = false; // a put from now on finds it clear and queues a task
                }
            } finally {
                mailbox.unlock();
            }
        }

        /**
         * Whether this delivery still owns the mailbox and its loop still runs. Per item, without
         * the lock: a receiver's callback may detach it (a transferred port), on this thread.
         */
        private boolean current() {
            return !detached && !loop.isClosed();
        }
    }

    /** Takes the items of one mailbox on its loop thread. */
    interface Receiver {
        void receive(Object item);
    }
}
