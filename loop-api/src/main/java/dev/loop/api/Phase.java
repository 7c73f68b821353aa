package dev.loop.api;

/**
 * The phase a callback ran in, numbered as in {@link EventLoop}'s iteration. nextTick and
 * microtask callbacks report the phase of the callback whose drain ran them.
 *
 * <p><b>Thread safety:</b> immutable; any thread.
 */
public enum Phase {
    /** The entry callback given to {@link EventLoop#run(Runnable)}, or work done before the loop ran. */
    MAIN,
    /** 2: timers. */
    TIMERS,
    /** 3: I/O callbacks deferred from the previous iteration. */
    PENDING,
    /** 4: I/O completions and executed tasks. */
    POLL,
    /** 5: immediates. */
    CHECK,
    /** 6: close callbacks. */
    CLOSE
}
