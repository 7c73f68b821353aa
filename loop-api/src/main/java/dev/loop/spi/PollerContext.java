package dev.loop.spi;

import dev.loop.api.ResourceKind;

/**
 * What a loop offers the {@link Poller} it owns (compare Netty's {@code IoHandlerContext}): the
 * loop's {@link LoopContext}, through whose {@link #invoke(Runnable)} the poller runs each I/O
 * completion as a poll-phase callback, plus what only a poller needs. A poller must let
 * everything {@code invoke} throws propagate, never catch and continue.
 *
 * <p><b>Thread safety:</b> loop thread only, except {@link #owner()} and the
 * {@link LoopContext} methods that say otherwise.
 */
public interface PollerContext extends LoopContext {

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
     * Counts a request in flight: the loop stays alive until the matching
     * {@link #requestFinished(ResourceKind)}, and {@link dev.loop.api.EventLoop#activeResources()}
     * lists it under {@code kind}.
     *
     * @param kind what waits: {@code "TCPWrite"}, {@code "FSReqCallback"}...
     */
    void requestStarted(ResourceKind kind);

    /**
     * Ends a request counted by {@link #requestStarted(ResourceKind)}, with the same kind.
     *
     * @param kind the kind it was started with
     */
    void requestFinished(ResourceKind kind);

    /** Counts a request of kind {@link ResourceKind#REQUEST}. */
    default void requestStarted() {
        requestStarted(ResourceKind.REQUEST);
    }

    /** Ends a request counted by {@link #requestStarted()}. */
    default void requestFinished() {
        requestFinished(ResourceKind.REQUEST);
    }

    /**
     * Counts a request as {@link #requestStarted(ResourceKind)} does, for a call that another thread
     * of this process runs and completes through {@link #deliverUnlessClosed} (a work-pool call).
     * While one is in flight the loop may spin briefly before it blocks, when recent completions
     * came within microseconds, so that the next one is caught without a wake-up; the default only
     * counts.
     *
     * @param kind what waits: {@code "FSReqCallback"}, {@link ResourceKind#WORK}...
     */
    default void offloadStarted(ResourceKind kind) {
        requestStarted(kind);
    }

    /**
     * Ends a request counted by {@link #offloadStarted(ResourceKind)}, with the same kind.
     *
     * @param kind the kind it was started with
     */
    default void offloadFinished(ResourceKind kind) {
        requestFinished(kind);
    }

    /** {@link #offloadStarted(ResourceKind)} of kind {@link ResourceKind#WORK}. */
    default void offloadStarted() {
        offloadStarted(ResourceKind.WORK);
    }

    /** Ends a request counted by {@link #offloadStarted()}. */
    default void offloadFinished() {
        offloadFinished(ResourceKind.WORK);
    }

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
