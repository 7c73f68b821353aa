package dev.loop.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * A completion flag the benchmark thread parks on until a task on the executor under test fires it:
 * the way a benchmark learns that the work it handed over has really run. Re-armed before each use.
 *
 * <p><b>Thread safety:</b> {@link #arm()} and {@link #await()} on the waiting thread, {@link #fire()}
 * from any thread, once per {@code arm()}.
 *
 * <p><b>Memory consistency effects:</b> actions before {@code fire()} <i>happen-before</i> the
 * return from the {@code await()} that it ends.
 */
final class Signal {

    /** Past this, {@link #await()} gives up: the executor under test lost the task. */
    private static final long TIMEOUT_NANOS = 30_000_000_000L;

    /** Written by arm() before the task is handed over; read by fire(). */
    private volatile Thread waiter;
    /** Written by arm() and fire(); read by await(). */
    private volatile boolean fired;

    /** Prepares for the next {@link #fire()}; call before handing the task over. */
    void arm() {
        fired = false;
        waiter = Thread.currentThread();
    }

    /** Marks the work done and unparks the waiter. */
    void fire() {
        // ordering: volatile write before unpark; await() reads it after park returns.
        fired = true;
        LockSupport.unpark(waiter);
    }

    /**
     * Parks until {@link #fire()}.
     *
     * @throws IllegalStateException if nothing fired within 30 s
     */
    void await() {
        long start = System.nanoTime();
        while (!fired) {
            LockSupport.parkNanos(this, TIMEOUT_NANOS);
            if (!fired && System.nanoTime() - start > TIMEOUT_NANOS) {
                throw new IllegalStateException("The executor under test did not run the task within 30 s");
            }
        }
    }
}
