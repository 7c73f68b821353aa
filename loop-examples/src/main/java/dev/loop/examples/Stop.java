package dev.loop.examples;

import dev.loop.io.Io;
import java.io.PrintStream;

/**
 * One stop of the {@link Tour}: a small program that shows one rule of the event loop.
 *
 * <p><b>Thread safety:</b> {@link #run} is called on the thread that owns the loop it is given.
 */
interface Stop {

    /**
     * What the stop shows, printed as its header line.
     *
     * @return a one-line title
     */
    String title();

    /**
     * Runs the stop and returns when its loop has nothing left to do. The output must be the same on
     * every run, except for timing numbers, which the tour's integration test matches by pattern.
     *
     * @param io a new loop with I/O, owned by the calling thread; the stop drives
     *     {@code io.loop()} with {@code run(...)}
     * @param out where the stop prints its lines
     */
    void run(Io io, PrintStream out);
}
