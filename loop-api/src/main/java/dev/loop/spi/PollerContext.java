package dev.loop.spi;

/**
 * What a loop offers the {@link Poller} it owns (compare Netty's {@code IoHandlerContext}).
 *
 * <p><b>Thread safety:</b> loop thread only, except {@link #owner()}.
 */
public interface PollerContext {

    /**
     * Runs an I/O completion as a poll-phase callback: errors go to the loop's uncaught-error
     * handler, and the nextTick and microtask queues drain afterwards. When nobody handles an error
     * this throws an internal unchecked exception that carries it out to {@code run()}: a poller
     * must let everything this method throws propagate, never catch and continue.
     *
     * @param callback the completion
     */
    void invoke(Runnable callback);

    /**
     * Defers a callback to the pending phase of the next iteration (libuv's {@code uv__io_feed}).
     *
     * @param callback the completion to run later
     */
    void deferPending(Runnable callback);

    /**
     * Re-reads the loop's clock into its cached {@code now()}. A poller that blocked calls this
     * before it runs completions, as libuv updates its time after {@code epoll_wait} returns.
     */
    void updateTime();

    /**
     * Counts a request in flight: the loop stays alive until the matching {@link #requestFinished()}.
     */
    void requestStarted();

    /** Ends a request counted by {@link #requestStarted()}. */
    void requestFinished();

    /**
     * The loop's clock.
     *
     * @return the clock
     */
    LoopClock clock();

    /**
     * The thread that owns the loop and calls {@link Poller#poll(long)}. Any thread may call it.
     *
     * @return the owner thread
     */
    Thread owner();
}
