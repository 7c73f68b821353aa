package dev.loop.testkit;

import dev.loop.spi.Poller;

/**
 * The poll phase under virtual time: instead of sleeping, it moves the {@link VirtualClock} to the
 * time the loop wanted to wake at, but never past the limit the {@link TestLoop} set. It records
 * whether the loop asked to block, which is how the driver knows the loop is idle at this time.
 *
 * <p><b>Thread safety:</b> the test thread only, like the loop it serves. {@link #wakeup()} may be
 * called by any thread and does nothing: the loop never blocks.
 */
final class VirtualPoller implements Poller {

    private final VirtualClock clock;
    /** Virtual time the driver allows the clock to reach. */
    private long limit;
    /** Set when the loop asked to block since the last {@link #resetObservations()}. */
    private boolean blockRequested;
    /** Set when a poll moved the clock since the last {@link #resetObservations()}. */
    private boolean moved;

    VirtualPoller(VirtualClock clock) {
        this.clock = clock;
    }

    void limit(long limit) {
        this.limit = limit;
    }

    void resetObservations() {
        blockRequested = false;
        moved = false;
    }

    boolean blockRequested() {
        return blockRequested;
    }

    boolean moved() {
        return moved;
    }

    @Override
    public void poll(long timeoutNanos) {
        if (timeoutNanos == 0) {
            return;
        }
        blockRequested = true;
        if (timeoutNanos == INFINITE) {
            return; // no timer to move to: the loop waits for another thread, which time cannot hasten
        }
        long now = clock.nanoTime();
        long target = Math.min(now + timeoutNanos, limit);
        if (target > now) {
            clock.moveTo(target);
            moved = true;
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
