package dev.loop.spi;

import dev.loop.api.EventLoop;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands a result to a loop from another thread without ever dropping it while the loop runs:
 * what a worker's message delivery, an offloaded job's completion and an {@code Atomics.waitAsync}
 * settle all need. A loop with a task bound ({@code LoopOptions.maxPendingTasks}) refuses tasks
 * while full; the caller then waits for room, yielding at first and parking briefly after.
 *
 * <p><b>Thread safety:</b> any thread.
 */
public final class Handoff {

    private static final int YIELDS_BEFORE_PARKING = 64;
    private static final long PARK_NANOS = 50_000;

    private Handoff() {
    }

    /**
     * Executes {@code task} on {@code loop}, waiting while the loop's task bound is reached.
     * happens-before: as {@link EventLoop#execute}, from this call to the task's run.
     *
     * @param loop the loop to run it on
     * @param task the task
     * @return true if the loop accepted the task; false if the loop has closed, so that nobody is
     *     left to run it
     */
    public static boolean execute(EventLoop loop, Runnable task) {
        for (int refusals = 0; ; refusals++) {
            try {
                loop.execute(task);
                return true;
            } catch (RejectedExecutionException full) {
                if (loop.isClosed()) {
                    return false;
                }
                if (refusals < YIELDS_BEFORE_PARKING) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(PARK_NANOS);
                }
            }
        }
    }
}
