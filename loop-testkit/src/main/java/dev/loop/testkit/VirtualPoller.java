package dev.loop.testkit;

import dev.loop.spi.Poller;

/**
 * The poll phase under virtual time. Instead of sleeping it moves the {@link VirtualClock} to the
 * time the loop wanted to wake at (the next timer, or the next arrival from the
 * {@link RemoteThread}, which it then delivers), but never past the limit the {@link TestLoop} set; when the loop
 * would have to wait beyond that limit (or for another thread), it stops the loop, which then
 * finishes the iteration and returns from {@code run()} as after {@code uv_stop}. So the test loop
 * drives the real {@code run()}, with its iteration numbering, not a variant of it.
 *
 * <p><b>Thread safety:</b> the test thread only, like the loop it serves. {@link #wakeup()} may be
 * called by any thread and does nothing: this poller never blocks.
 */
final class VirtualPoller implements Poller {

    private final VirtualClock clock;
    private final RemoteThread remote;
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
    /** The loop was alive with nothing that could ever wake it. */
    private boolean waitedForever;

    VirtualPoller(VirtualClock clock, RemoteThread remote) {
        this.clock = clock;
        this.remote = remote;
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
        this.waitedForever = false;
    }

    boolean moved() {
        return moved;
    }

    boolean busyExceeded() {
        return busyExceeded;
    }

    boolean waitedForever() {
        return waitedForever;
    }

    @Override
    public void poll(long timeoutNanos) {
        long now = clock.nanoTime();
        if (timeoutNanos == 0) {
            if (++busyPolls >= maxBusyPolls) {
                busyExceeded = true;
                stop.run();
            }
            remote.deliverDue(now);
            return;
        }
        busyPolls = 0;
        long wake = Math.min(timeoutNanos == INFINITE ? Long.MAX_VALUE : now + timeoutNanos, remote.nextArrival());
        if (wake == Long.MAX_VALUE) {
            waitedForever = true;
            stop.run(); // no timer and nothing in flight: only a real other thread could wake the loop
            return;
        }
        long target = Math.min(wake, limit);
        if (target > now) {
            clock.moveTo(target);
            moved = true;
            if (jumpOnce) {
                limit = target;
            }
        } else if (remote.nextArrival() > now) {
            stop.run(); // the loop would wait past the limit: this drive is over
            return;
        }
        remote.deliverDue(clock.nanoTime());
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
