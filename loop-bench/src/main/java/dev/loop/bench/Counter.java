package dev.loop.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A task that counts its runs, so that a benchmark can wait until every task it submitted has
 * really run. Submitting the same instance many times keeps allocation out of the measurement.
 *
 * <p><b>Thread safety:</b> {@link #run()} on one thread at a time (the executor's single thread);
 * {@link #executed()} and {@link #awaitAtLeast} from any thread.
 */
final class Counter implements Runnable {

    private static final VarHandle EXECUTED;

    static {
        try {
            EXECUTED = MethodHandles.lookup().findVarHandle(Counter.class, "executed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final long TIMEOUT_NANOS = 30_000_000_000L;

    /** Written by the executing thread only, read by the submitter. Accessed through EXECUTED. */
    @SuppressWarnings("unused")
    private long executed;

    @Override
    public void run() {
        // ordering: plain read of our own last write, release write read by executed()'s acquire.
        EXECUTED.setRelease(this, (long) EXECUTED.get(this) + 1);
    }

    /** How many times {@link #run()} has run. */
    long executed() {
        // ordering: acquire; pairs with run()'s release.
        return (long) EXECUTED.getAcquire(this);
    }

    /**
     * Spins, then yields, until {@link #executed()} reaches {@code target}.
     *
     * @param target the count to wait for
     * @throws IllegalStateException if it is not reached within 30 s
     */
    void awaitAtLeast(long target) {
        long start = 0;
        for (int spins = 0; executed() < target; spins++) {
            if (spins < 128) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // 2-producer runs have more threads than this machine has cores
                if ((spins & 0xFFF) == 0) {
                    if (start == 0) {
                        start = System.nanoTime();
                    } else if (System.nanoTime() - start > TIMEOUT_NANOS) {
                        throw new IllegalStateException("Only " + executed() + " of " + target
                                + " tasks ran within 30 s: the executor under test lost tasks");
                    }
                }
            }
        }
    }
}
