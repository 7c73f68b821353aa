package dev.loop.spi;

/**
 * The loop's only source of time. The loop reads it once per iteration and after blocking in the
 * poll phase; nothing in a loop reads the wall clock directly. The testkit substitutes a virtual
 * clock.
 *
 * <p><b>Thread safety:</b> read on the loop thread only, unless an implementation says otherwise.
 */
@FunctionalInterface
public interface LoopClock {

    /**
     * A monotonic reading in nanoseconds; only differences are meaningful.
     *
     * @return the current time
     */
    long nanoTime();

    /**
     * The system's monotonic clock, {@link System#nanoTime()}.
     *
     * @return the system clock
     */
    static LoopClock system() {
        return SystemClock.INSTANCE;
    }
}
