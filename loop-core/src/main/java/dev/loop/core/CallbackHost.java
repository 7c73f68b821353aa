package dev.loop.core;

/**
 * What a phase asks of its loop while it runs callbacks: the drain that follows a callback, the
 * error path, and whether the loop is closing. The loop implements it; a phase's tests pass a
 * recording one, so each phase is tested without a loop, as libuv's {@code timer.c} stands beside
 * {@code uv_run}.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
interface CallbackHost {

    /**
     * One drain of the nextTick and microtask queues (Node's {@code processTicksAndRejections}).
     *
     * @return false if a nextTick threw, which ends the drain early (it is reported already)
     */
    boolean drain();

    /** Counts a callback of the current phase, about to run ({@code EventLoop.counters()}). */
    void callbackStarts();

    /** Counts {@code count} callbacks of the current phase at once, for a phase that counts in bulk. */
    void callbacksRan(int count);

    /**
     * Whether callbacks are timed now (the blocked-loop detector is on, or a recording wants long
     * callbacks): only then do {@link #watchBegins()} and {@link #watchEnds()} do anything. It
     * changes only between phases (when the loop is about to wait, and every 1,024 iterations), so
     * a phase may read it once per batch.
     *
     * @return true while callbacks are timed
     */
    boolean timing();

    /** A callback begins: the blocked-loop detector, when on, starts timing it. */
    void watchBegins();

    /** The callback that began has ended (returned or thrown). */
    void watchEnds();

    /**
     * Hands an error from a callback to the loop's handler. With none, or for an {@link Error},
     * throws {@link FatalUnwind} past the phase to {@code run()}.
     *
     * @param error what the callback threw
     */
    void report(Throwable error);

    /**
     * Whether {@code close()} was called: a phase stops running callbacks.
     *
     * @return true once the loop is closing
     */
    boolean isClosed();

    /**
     * The loop's time as last read, in milliseconds: libuv's {@code uv_now}, which does not read
     * the clock.
     *
     * @return the cached time
     */
    long now();

    /**
     * Reads the clock into the loop's cached time and returns it, as Node's {@code GetNow()}
     * (libuv's {@code uv_update_time}, then {@code uv_now}).
     *
     * @return the time just read, in milliseconds
     */
    long updatedNow();
}
