package dev.loop.testkit;

import dev.loop.spi.LoopClock;

/**
 * A {@link LoopClock} that moves only when the {@link TestLoop} driving it says so. It never reads
 * the wall clock.
 *
 * <p><b>Thread safety:</b> read and moved on the test thread that owns the loop; not for sharing.
 */
final class VirtualClock implements LoopClock {

    private long nanos;

    @Override
    public long nanoTime() {
        return nanos;
    }

    void moveTo(long target) {
        if (target < nanos) {
            throw new IllegalStateException("virtual time cannot go back: " + target + " < " + nanos);
        }
        nanos = target;
    }
}
