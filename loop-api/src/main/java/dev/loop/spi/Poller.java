package dev.loop.spi;

import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * What the poll phase blocks in. loop-core's default parks the loop thread; an I/O
 * backend is a poller that also performs I/O and delivers completions as callbacks through
 * {@link PollerContext#invoke(Runnable)} while it polls (libuv's design; Netty 4.2's
 * {@code IoHandler}).
 *
 * <p><b>Thread safety:</b> {@link #poll(long)} and {@link #close()} are called on the loop thread
 * only. {@link #wakeup()} may be called from any thread, and calls coalesce: any number of wake-ups
 * before or during a poll make at most that poll (or the next one) return early, as
 * {@code uv_async_send}.
 */
public interface Poller {

    /** Passed to {@link #poll(long)}: block until woken or until I/O arrives. */
    long INFINITE = -1;

    /**
     * Waits for I/O, a wake-up or the timeout, and runs the I/O completions that are ready. May
     * return early for no reason; the loop re-checks its state.
     *
     * @param timeoutNanos 0 for a non-blocking check, {@link #INFINITE} to wait until woken, else
     *     the longest wait in nanoseconds
     */
    void poll(long timeoutNanos);

    /**
     * Makes the current or the next {@link #poll(long)} return soon. Any thread may call it;
     * repeated calls coalesce. It may also be called after {@link #close()}, by a thread racing the
     * loop's close, and must then do nothing harmful.
     */
    void wakeup();

    /** Releases the poller's resources. Called once, on the loop thread, when the loop closes. */
    void close();

    /**
     * A poller that parks its owner thread and does no I/O: what loop-core's loops block in when no
     * poller factory is given, and a building block for pollers that only observe (a test's poller
     * that records its calls and delegates the rest). {@link LockSupport}'s permit is the
     * coalescing of wake-ups.
     *
     * @param owner the loop's owner thread, the one that will call {@link #poll(long)}
     * @return the poller
     */
    static Poller parking(Thread owner) {
        return new ParkingPoller(Objects.requireNonNull(owner, "owner"));
    }
}
