package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import java.io.PrintStream;

/**
 * The article's first example: "Task 1", "Task 2", a long for-loop, "Task 3". Everything runs on
 * the loop's one thread, so while the for-loop spins nothing else can: a {@code setTimeout(0)}
 * scheduled just before it, due 1 ms later, runs only after "Task 3", and says how late it was.
 */
final class BlockingStop implements Stop {

    /** Iterations of the for-loop: a few hundred milliseconds of CPU on a current machine. */
    private static final long ITERATIONS = 600_000_000L;

    /** A delay of 0 is 1 ms (Node). */
    private static final long TIMEOUT_DUE_MILLIS = 1;

    /** Takes the for-loop's result, so that the JIT cannot drop the loop as dead code. */
    private volatile long sink;

    @Override
    public String title() {
        return "Blocking: one thread runs every callback, so a long for-loop holds everything up";
    }

    @Override
    public void run(Io io, PrintStream out) {
        EventLoop loop = io.loop();
        loop.run(() -> {
            out.println("Task 1");
            out.println("Task 2");
            long scheduledAt = System.nanoTime();
            loop.setTimeout(() -> {
                long late = Math.max(0, (System.nanoTime() - scheduledAt) / 1_000_000 - TIMEOUT_DUE_MILLIS);
                out.println("setTimeout(0), scheduled before the for-loop, fired " + late
                        + " ms late: the loop was blocked");
            }, 0);
            sink = sumTo(ITERATIONS);
            out.println("Task 3");
        });
    }

    /** The article's "some time consuming for loop". */
    private static long sumTo(long n) {
        long sum = 0;
        for (long i = 0; i < n; i++) {
            sum += i;
        }
        return sum;
    }
}
