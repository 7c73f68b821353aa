package dev.loop.core;

import dev.loop.spi.LoopContext;
import dev.loop.spi.Poller;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * Tasks submitted to a loop from other threads: a JCTools MPSC queue plus the
 * wake-up and close protocols around it.
 *
 * <h2>Implementation overview</h2>
 * <b>Queue.</b> {@code org.jctools.queues.atomic} variants only: they use field updaters, not
 * {@code sun.misc.Unsafe}, so JDK 25 prints no warning. Linked array chunks, no allocation per
 * task; a bound, when set, is counted beside the queue (below).
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
 * <p><b>The bound is exact.</b> With {@code maxPendingTasks > 0}, {@link #pending} counts the
 * tasks queued and not yet taken; {@link #tryOffer} reserves a slot with a CAS below the bound
 * before it offers, and the loop releases it as it takes each task ({@link #taken()}), so exactly
 * {@code maxPendingTasks} fit. The queue itself is unbounded: tasks the loop must not lose
 * ({@link #offerInternal}) are never refused for room and never wait, and count while queued.
 * Covered by BadInputContract (the exact bound) and BoundedLoopsTest (two bounded loops posting to
 * each other).
 *
 * <p><b>Thread safety:</b> {@link #offerOrReject}, {@link #tryOffer}, {@link #offerInternal}
 * and {@link #wake()} from any thread; the rest on the loop thread.
 */
final class MpscTaskQueue {

    private static final int AWAKE = 0;
    private static final int SLEEPING = 1;
    private static final VarHandle STATE;
    private static final VarHandle PENDING;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(MpscTaskQueue.class, "state", int.class);
            PENDING = MethodHandles.lookup().findVarHandle(MpscTaskQueue.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MpscUnboundedAtomicArrayQueue<Runnable> queue;
    private final Poller poller;
    private final String loopName;
    private final int bound;
    /** Written by the loop (SLEEPING, AWAKE) and by producers (CAS to AWAKE); read by producers. */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /**
     * With a bound: tasks queued and not yet taken by the loop. Producers add (CAS in reserve(), or
     * getAndAdd for internal tasks), the loop subtracts in taken().
     */
    @SuppressWarnings("unused") // accessed through PENDING
    private volatile int pending;
    /** Written once by close(), any thread; read by producers and the loop. */
    private volatile boolean closed;
    /** Guards finalDrainDone and stranded; taken only on the rare path after close. */
    private final Object gate = new Object();
    private boolean finalDrainDone;
    private List<Runnable> stranded;

    MpscTaskQueue(int maxPendingTasks, Poller poller, String loopName) {
        this(maxPendingTasks, poller, loopName, 1024);
    }

    /** With chunks of {@code chunkSize} tasks: jcstress tests use tiny ones, so that offers link new chunks. */
    MpscTaskQueue(int maxPendingTasks, Poller poller, String loopName, int chunkSize) {
        this.bound = maxPendingTasks;
        this.queue = new MpscUnboundedAtomicArrayQueue<>(chunkSize);
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
        if (bound > 0 && !reserve()) {
            return LoopContext.Offer.FULL;
        }
        queue.offer(task); // unbounded: always accepted
        return afterOffer(task) ? LoopContext.Offer.ACCEPTED : LoopContext.Offer.CLOSED;
    }

    /** Counts one more pending task unless the bound is reached; the bound is exact. */
    private boolean reserve() {
        int pending;
        do {
            // ordering: volatile read, then a CAS; producers race only each other here
            pending = (int) PENDING.getVolatile(this);
            if (pending >= bound) {
                return false;
            }
        } while (!PENDING.compareAndSet(this, pending, pending + 1));
        return true;
    }

    /**
     * The loop took one task from a bounded queue, and is about to run it: it no longer counts.
     * Loop thread, for each task {@link #drain} hands out when {@link #isBounded()}.
     */
    void taken() {
        // ordering: getAndAdd; a producer's reserve() that reads the lower count may fill the slot
        PENDING.getAndAdd(this, -1);
    }

    /** Whether a bound on pending tasks is set, so the loop must call {@link #taken()}. */
    boolean isBounded() {
        return bound > 0;
    }

    /**
     * Queues a task the loop must not lose (a stage's completion, a handle's close, a message
     * delivery) from any thread. It is never refused for room and never waits: a caller on
     * another loop's thread must not block on this loop (two bounded loops posting to each other
     * would wait for each other forever). It counts toward the bound while queued. Returns false
     * only when the loop is closed, which leaves nobody to run it.
     */
    boolean offerInternal(Runnable task) {
        if (closed) {
            return false;
        }
        if (bound > 0) {
            // ordering: getAndAdd; counts the task before it can be taken (taken() subtracts it)
            PENDING.getAndAdd(this, 1);
        }
        queue.offer(task); // unbounded: always accepted
        return afterOffer(task);
    }

    /** Returns false if a close that raced the offer took the task back (it will not run). */
    private boolean afterOffer(Runnable task) {
        // ordering: no fence. Every offer begins with a CAS of the producer index (to the next even
        // index, or to an odd one while it links a new chunk, after which a lazySet writes the next
        // even one). Our volatile reads below follow that CAS in the synchronization order, and
        // isEmpty() counts an odd index as not empty, so the loop's and the closer's volatile
        // reads of the index see the CAS or we see their writes: the lazySet that may still sit
        // in the store buffer no longer matters. (A fence here cost about a third of a
        // producer's throughput.)
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

    /**
     * Whether no task is queued, for the sleep decision, the loop's liveness and the final drain.
     * Stricter than JCTools' {@code isEmpty()}, which reads an odd producer index (a producer
     * linking a new chunk) as empty: here it is a task on its way, so the loop does not sleep on it
     * and the final drain waits for it. That is what lets {@link #afterOffer} skip a fence.
     */
    boolean isEmpty() {
        // ordering: volatile read of the producer index (the Dekker pairs in afterOffer)
        return queue.lvProducerIndex() == queue.lvConsumerIndex();
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

    /** Tasks queued and not yet taken: approximate while producers offer. Any thread. */
    int size() {
        return queue.size();
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
        // published its element, and isEmpty() waits out one linking a chunk, so they agree at the end.
        while (!isEmpty()) {
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
