package dev.loop.api;

/**
 * A timer from {@link EventLoop#setTimeout} or {@link EventLoop#setInterval} (Node's
 * {@code Timeout}). {@link #close()} is {@code clearTimeout}/{@code clearInterval}.
 *
 * <p><b>Thread safety:</b> as {@link Handle}; {@link #refresh()} is loop thread only.
 */
public interface Timeout extends Handle {

    /**
     * Re-arms the timer for its full delay counted from {@link EventLoop#now()}, keeping its callback
     * (Node's {@code timeout.refresh()}). A timer that already fired is armed again; a closed one
     * stays closed, as in Node. Loop thread only.
     *
     * @return this timer
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    Timeout refresh();

    @Override
    Timeout ref();

    @Override
    Timeout unref();

    /**
     * The delay, or the period of an interval, in milliseconds (at least 1).
     *
     * @return the delay
     */
    long delayMillis();

    /**
     * Whether this is an interval.
     *
     * @return true for {@link EventLoop#setInterval}
     */
    boolean isRepeating();
}
