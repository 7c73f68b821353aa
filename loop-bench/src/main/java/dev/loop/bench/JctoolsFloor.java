package dev.loop.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MessagePassingQueue;

/**
 * A reference for cross-thread hand-off: a bare JCTools MPSC queue and one consumer thread that
 * drains it, and nothing else (no phases, no timers, no close protocol, no error handling). It is
 * not a lower bound for a loop: it drains at once and spins before it parks, while a loop runs a
 * whole iteration between drains and parks at once, so producers of the loop meet a fuller queue
 * and fewer wake-ups, and the loop can beat it (it did, 1.27-1.57x, in the runs of
 * {@code bench/RESULTS.md}). Read it as the cost of the queue and the wake-up protocol alone.
 *
 * <h2>Implementation overview</h2>
 * The consumer drains in batches of {@link #DRAIN_LIMIT}, as loop-core's poll phase does. When the
 * queue is empty it spins {@link #SPINS_BEFORE_PARK} times (a floor may burn a core; our loop parks
 * at once), then publishes {@link #sleeping}, re-checks the queue and parks. A producer reads
 * {@code sleeping} after its offer; if it is set, the producer that CASes it back to false unparks
 * the consumer, so a burst of offers pays for one wake-up. This is the same Dekker pair as
 * loop-core's (consumer: store sleeping, load producer index; producer: CAS/XADD producer index,
 * load sleeping), so no wake-up is lost; without the CAS, every offer made while the consumer was
 * waking would pay for an {@code unpark}, and the floor would be slower than the loop built on it.
 *
 * <p><b>Thread safety:</b> {@link #execute} and {@link #close()} from any thread.
 */
final class JctoolsFloor implements Executor {

    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(JctoolsFloor.class, "sleeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Tasks per drain call; loop-core runs the same number per poll phase. */
    private static final int DRAIN_LIMIT = 4096;
    /** Empty polls before parking: some tens of microseconds of spinning. */
    private static final int SPINS_BEFORE_PARK = 1024;

    private final MessagePassingQueue<Runnable> queue;
    private final Thread consumer;
    /** Set by the consumer before it parks; cleared by the producer that wakes it (CAS) or by the consumer. */
    private volatile boolean sleeping;
    /** Written once by close(); read by the consumer and producers. */
    private volatile boolean closed;

    JctoolsFloor(String threadName, MessagePassingQueue<Runnable> queue) {
        this.queue = queue;
        this.consumer = Thread.ofPlatform().name(threadName).daemon(true).start(this::consume);
    }

    @Override
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException(consumer.getName() + " is closed");
        }
        queue.offer(task);
        // ordering: volatile read after the offer's CAS/XADD of the producer index; pairs with the
        // consumer's volatile write of sleeping, which precedes its isEmpty() re-check. The CAS
        // lets one producer per sleep pay for the unpark.
        if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
            LockSupport.unpark(consumer);
        }
    }

    private void consume() {
        MessagePassingQueue.Consumer<Runnable> runner = Runnable::run;
        int idle = 0;
        while (!closed) {
            if (queue.drain(runner, DRAIN_LIMIT) > 0) {
                idle = 0;
            } else if (++idle < SPINS_BEFORE_PARK) {
                Thread.onSpinWait();
            } else {
                // ordering: volatile write, then isEmpty()'s volatile read of the producer index.
                sleeping = true;
                if (queue.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                // ordering: release; a producer that still reads true only makes a failing CAS.
                SLEEPING.setRelease(this, false);
                idle = 0;
            }
        }
    }

    /** Stops the consumer (queued tasks are dropped: benchmarks close only when idle) and waits for it. */
    void close() {
        closed = true;
        LockSupport.unpark(consumer);
        try {
            consumer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (consumer.isAlive()) {
            throw new IllegalStateException(consumer.getName() + " did not stop within 10 s");
        }
    }
}
