package dev.loop.api;

import java.time.Duration;
import java.util.Objects;

/** Converts and checks timer delays for the {@link Duration} overloads of {@link EventLoop}. */
final class Delays {

    private Delays() {
    }

    /** Whole milliseconds, rounded up, checked against {@link EventLoop#MAX_DELAY_MILLIS}. */
    static long toMillis(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay < 0: " + delay);
        }
        if (delay.compareTo(Duration.ofMillis(EventLoop.MAX_DELAY_MILLIS)) > 0) {
            throw new IllegalArgumentException("delay > " + EventLoop.MAX_DELAY_MILLIS + " ms (about 24.8 days): " + delay
                    + "; for longer waits re-arm a shorter timer");
        }
        long millis = delay.toMillis();
        return delay.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
    }
}
