package dev.loop.value.shared;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import java.util.concurrent.CancellationException;

/**
 * Where the waiters of one {@link SharedBuffer} sleep: {@link Waiters} for a buffer of this process,
 * {@link FutexWaiters} for one that other processes map. {@link Atomics} calls these with checked
 * byte offsets.
 */
sealed interface WaitQueue permits Waiters, FutexWaiters {

    /** Blocks the calling thread: {@code ok}, {@code not-equal} or {@code timed-out}. */
    WaitResult await(TypedView view, long offset, long expected, long timeoutNanos);

    /** Settles on {@code loop}; called on its thread. */
    Promise<WaitResult> awaitAsync(EventLoop loop, TypedView view, long offset, long expected, long timeoutMillis);

    /** Wakes up to {@code count} waiters: how many it woke. */
    int notify(long offset, int count);

    /** How many of this process's threads and async waits wait at {@code offset} now; for tests. */
    int count(long offset);

    /**
     * Refuses to block a thread whose loop is closing (a worker being terminated or exiting): its
     * interrupt may already have been taken by the loop's poll phase.
     */
    static void refuseOnClosingLoop() {
        if (EventLoop.current().map(EventLoop::isClosed).orElse(false)) {
            throw new CancellationException("Atomics.wait on a thread whose loop is closing (the worker is"
                    + " terminating or exiting); it would block the thread's end");
        }
    }
}
