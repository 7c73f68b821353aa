package dev.loop.core;

import dev.loop.spi.LoopContext;
import dev.loop.spi.Poller;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscChunkedAtomicArrayQueue;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * Tasks submitted to a loop from other threads: a JCTools MPSC queue plus the
 * wake-up and close protocols around it.
 *
 * <h2>Implementation overview</h2>
 * <b>Queue.</b> {@code org.jctools.queues.atomic} variants only: they use field updaters, not
 * {@code sun.misc.Unsafe}, so JDK 25 prints no warning. Unbounded: linked array chunks, no
 * allocation per task. Bounded ({@code maxPendingTasks > 0}, rounded up to a power of two by
 * JCTools): a full queue rejects the task and keeps nothing.
 *
 * <p><b>Wake-ups are coalesced.</b> {@link #state} is {@code AWAKE} while the loop runs callbacks,
 * so a producer pays one volatile read and no wake-up. Before blocking, the loop publishes
 * {@code SLEEPING} and re-checks the queue; a producer that sees {@code SLEEPING} after its offer
 * CASes it to {@code AWAKE} and only the winner calls {@link Poller#wakeup()}. This is a Dekker
 * pair: loop {store state; load producerIndex} against producer {CAS producerIndex; load state};
 * both sides are sequentially consistent, so at least one sees the other and no wake-up is lost.
 * Covered by loop-tck's CrossThreadStressContract (4 producers x 1M tasks must finish within
 * the timeout) and the jcstress test MpscTaskQueueStress (loop-jcstress).
 *
 * <p><b>Close never loses a task.</b> A producer checks {@link #closed} before and after its
 * offer. The loop's close writes {@code closed}, then {@link #closeAndDrain()} empties the queue
 * under {@link #gate}. If the producer's second read sees {@code false}, its offer precedes the
 * final drain in the synchronization order, so the drain takes the task (which then runs). If it
 * sees {@code true}, it takes the gate: before the final drain, the drain will take the task after
 * the gate is released; after it, the producer drains the queue itself into {@link #stranded} and
 * rejects its own task if it is there. Every task is therefore run exactly once or rejected to its
 * submitter exactly once. Covered by loop-tck's CloseRaceContract.
 *
 * <p>The same {@code Runnable} object submitted by several producers is matched by identity, so
 * when two submissions of one object straddle the close, which submitter is told "rejected" may
 * be the other one; the counts still hold (one ran, one was rejected).
 *
 * <p><b>Thread safety:</b> {@link #offerOrReject}, {@link #tryOffer}, {@link #offerWaitingForRoom}
 * and {@link #wake()} from any thread; the rest on the loop thread.
 */
final class MpscTaskQueue {

    /** Waiting for room in a full bounded queue: yields before parking, and how long each park lasts. */
    private static final int YIELDS_BEFORE_PARKING = 64;
    private static final long PARK_NANOS_WHILE_FULL = 50_000;
    private static final int AWAKE = 0;
    private static final int SLEEPING = 1;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(MpscTaskQueue.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MessagePassingQueue<Runnable> queue;
    private final Poller poller;
    private final String loopName;
    private final int bound;
    /** Written by the loop (SLEEPING, AWAKE) and by producers (CAS to AWAKE); read by producers. */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /** Written once by close(), any thread; read by producers and the loop. */
    private volatile boolean closed;
    /** Guards finalDrainDone and stranded; taken only on the rare path after close. */
    private final Object gate = new Object();
    private boolean finalDrainDone;
    private List<Runnable> stranded;

    MpscTaskQueue(int maxPendingTasks, Poller poller, String loopName) {
        this.bound = maxPendingTasks;
        this.queue = maxPendingTasks > 0
                ? new MpscChunkedAtomicArrayQueue<>(Math.max(2, Math.min(1024, maxPendingTasks / 2)), Math.max(4, maxPendingTasks))
                : new MpscUnboundedAtomicArrayQueue<>(1024);
        this.poller = poller;
        this.loopName = loopName;
    }

    /**
     * Queues a task from any thread, or rejects it: {@link RejectedExecutionException} when the
     * loop is closed or the bounded queue is full.
     */
    void offerOrReject(Runnable task) {
        switch (tryOffer(task)) {
            case ACCEPTED -> { }
            case FULL -> throw new RejectedExecutionException("Loop '" + loopName + "' has " + bound
                    + " tasks pending from other threads (LoopOptions.maxPendingTasks); slow down, or raise the bound");
            case CLOSED -> throw closedRejection();
        }
    }

    /** Queues a task from any thread; the outcome is a value, never an exception. */
    LoopContext.Offer tryOffer(Runnable task) {
        if (closed) {
            return LoopContext.Offer.CLOSED;
        }
        if (!queue.offer(task)) {
            return LoopContext.Offer.FULL;
        }
        return afterOffer(task) ? LoopContext.Offer.ACCEPTED : LoopContext.Offer.CLOSED;
    }

    /**
     * Queues a task the loop must not lose (a stage's completion, a handle's close, a message
     * delivery) from any thread: a full bounded queue makes the caller wait for room rather than
     * drop it. Returns false only when the loop is closed, which nobody is left to run it for.
     */
    boolean offerWaitingForRoom(Runnable task) {
        for (int refusals = 0; ; refusals++) {
            if (closed) {
                return false;
            }
            if (queue.offer(task)) {
                return afterOffer(task);
            }
            // The loop drains without ever waiting on producers, so room comes: yield at first,
            // then park briefly, so that a poster to a slow loop does not hold a core.
            if (refusals < YIELDS_BEFORE_PARKING) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(PARK_NANOS_WHILE_FULL);
            }
        }
    }

    /** Returns false if a close that raced the offer took the task back (it will not run). */
    private boolean afterOffer(Runnable task) {
        // ordering: full fence. JCTools' unbounded queue publishes a new chunk with a CAS to an odd
        // producer index (which isEmpty() reads as empty) and then a lazySet of the final index; a
        // lazySet may stay in the store buffer past our loads below. The fence makes the final
        // index visible before we read closed and state, as the Dekker pairs below require.
        VarHandle.fullFence();
        // ordering: volatile read after the offer's CAS; pairs with close()'s volatile write of
        // closed, which precedes closeAndDrain()'s volatile reads of the producer index.
        if (closed) {
            return settleAfterClose(task);
        }
        // ordering: volatile read after the offer's CAS; pairs with prepareToSleep()'s volatile
        // write, which precedes the loop's isEmpty() re-check.
        if ((int) STATE.getVolatile(this) == SLEEPING) {
            wake();
        }
        return true;
    }

    /** Wakes the loop if it is, or is about to be, blocked in poll. Any thread; coalesced. */
    void wake() {
        // ordering: CAS publishes AWAKE so later producers skip the wake-up; only the winner wakes.
        if (STATE.compareAndSet(this, SLEEPING, AWAKE)) {
            poller.wakeup();
        }
    }

    /** Loop thread, before blocking: announce it, then the caller must re-check {@link #isEmpty()}. */
    void prepareToSleep() {
        // ordering: volatile write, then the caller's volatile read of the producer index (Dekker).
        STATE.setVolatile(this, SLEEPING);
    }

    /** Loop thread, after the poller returned. */
    void awake() {
        // ordering: release; a producer reading the stale SLEEPING only makes a spare CAS.
        STATE.setRelease(this, AWAKE);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Whether the next task's slot is filled. Reads only that slot, not the producer index that
     * every offer CASes, so a loop may poll it in a spin without slowing producers down. Unlike
     * {@link #isEmpty()} it may miss a task whose slot is claimed but not yet written: never use
     * it for the sleep decision.
     */
    boolean hasPublished() {
        return queue.relaxedPeek() != null;
    }

    /** Runs up to {@code limit} tasks; returns how many ran. Loop thread. */
    int drain(MessagePassingQueue.Consumer<Runnable> runner, int limit) {
        return queue.drain(runner, limit);
    }

    /** Any thread: from now on every offer is rejected. Returns whether this call closed it. */
    boolean close() {
        if (closed) {
            return false;
        }
        synchronized (gate) {
            if (closed) {
                return false;
            }
            // ordering: volatile write before the loop's final drain reads the producer index.
            closed = true;
        }
        poller.wakeup();
        return true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Loop thread, after {@link #close()}: takes every task accepted so far, exactly once. */
    List<Runnable> closeAndDrain() {
        synchronized (gate) {
            List<Runnable> accepted = new ArrayList<>();
            takeAll(accepted);
            finalDrainDone = true;
            return accepted;
        }
    }

    /** Whether {@code task}, offered as the queue closed, will still run. */
    private boolean settleAfterClose(Runnable task) {
        synchronized (gate) {
            if (!finalDrainDone) {
                return true; // the final drain comes after we release the gate, and will take the task
            }
            if (stranded == null) {
                stranded = new ArrayList<>();
            }
            takeAll(stranded);
            for (int i = 0; i < stranded.size(); i++) {
                if (stranded.get(i) == task) {
                    stranded.remove(i);
                    return false;
                }
            }
            return true; // not found: the final drain took it, and the loop runs it
        }
    }

    private void takeAll(List<Runnable> into) {
        // poll() (not relaxedPoll) waits out a producer that claimed a slot but has not yet
        // published its element, so isEmpty() and poll() agree at the end.
        while (!queue.isEmpty()) {
            Runnable task = queue.poll();
            if (task != null) {
                into.add(task);
            }
        }
    }

    private RejectedExecutionException closedRejection() {
        return new RejectedExecutionException("Loop '" + loopName + "' is closed; it accepts no more tasks");
    }
}
