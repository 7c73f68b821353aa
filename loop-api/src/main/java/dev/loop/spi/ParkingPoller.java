package dev.loop.spi;

import java.util.concurrent.locks.LockSupport;

/**
 * {@link Poller#parking(Thread)}, loop-core's default poller: parks the loop thread.
 * {@link LockSupport}'s permit is the coalescing: any number of {@link #wakeup()} calls leave one
 * permit, which makes the current or the next park return at once.
 *
 * <p><b>Thread safety:</b> {@link #poll} on the owner thread; {@link #wakeup()} from any thread.
 */
final class ParkingPoller implements Poller {

    private final Thread owner;

    ParkingPoller(Thread owner) {
        this.owner = owner;
    }

    @Override
    public void poll(long timeoutNanos) {
        if (timeoutNanos == INFINITE) {
            LockSupport.park(this);
        } else if (timeoutNanos > 0) {
            LockSupport.parkNanos(this, timeoutNanos);
        }
    }

    @Override
    public void wakeup() {
        LockSupport.unpark(owner);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
