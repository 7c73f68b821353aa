package dev.loop.testkit;

import dev.loop.spi.Poller;

/**
 * The poll phase under virtual time. Instead of sleeping it moves the {@link VirtualClock} to the
 * time the loop wanted to wake at, but never past the limit the {@link TestLoop} set; when the loop
 * would have to wait beyond that limit (or for another thread), it stops the loop, which then
 * finishes the iteration and returns from {@code run()} as after {@code uv_stop}. So the test loop
 * drives the real {@code run()}, with its iteration numbering, not a variant of it.
 *
 * <p><b>Thread safety:</b> the test thread only, like the loop it serves. {@link #wakeup()} may be
 * called by any thread and does nothing: this poller never blocks.
 */
final class VirtualPoller implements Poller {

    private final VirtualClock clock;
    private Runnable stop = () -> { };
    /** Virtual time the driver allows the clock to reach. */
    private long limit;
    /** Move the clock at most once, then hold it there (advanceToNextTimer). */
    private boolean jumpOnce;
    private boolean moved;
    /** Polls in a row that had work waiting (timeout 0). */
    private int busyPolls;
    private int maxBusyPolls;
    private boolean busyExceeded;

    VirtualPoller(VirtualClock clock) {
        this.clock = clock;
    }

    void stopWith(Runnable stop) {
        this.stop = stop;
    }

    /** Prepares one drive: the clock may move up to {@code limit}. */
    void drive(long limit, boolean jumpOnce, int maxBusyPolls) {
        this.limit = limit;
        this.jumpOnce = jumpOnce;
        this.maxBusyPolls = maxBusyPolls;
        this.moved = false;
        this.busyPolls = 0;
        this.busyExceeded = false;
    }

    boolean moved() {
        return moved;
    }

    boolean busyExceeded() {
        return busyExceeded;
    }

    @Override
    public void poll(long timeoutNanos) {
        if (timeoutNanos == 0) {
            if (++busyPolls >= maxBusyPolls) {
                busyExceeded = true;
                stop.run();
            }
            return;
        }
        busyPolls = 0;
        if (timeoutNanos == INFINITE) {
            stop.run(); // no timer to move to: only another thread could wake the loop
            return;
        }
        long now = clock.nanoTime();
        long target = Math.min(now + timeoutNanos, limit);
        if (target > now) {
            clock.moveTo(target);
            moved = true;
            if (jumpOnce) {
                limit = target;
            }
        } else {
            stop.run(); // the loop would wait past the limit: this drive is over
        }
    }

    @Override
    public void wakeup() {
        // never blocks, so there is nothing to wake
    }

    @Override
    public void close() {
        // nothing to release
    }
}
