package dev.loop.testkit;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * The real event loop on a virtual clock, driven from the test thread: time moves only when the
 * test says so, and the poll phase never sleeps; it jumps to the next timer instead, never past the
 * time the test allows. Nothing here reads the wall clock.
 *
 * <pre>{@code
 * TestLoop test = TestLoop.create();
 * EventLoop loop = test.loop();
 * List<String> log = new ArrayList<>();
 * loop.setTimeout(() -> log.add("at " + loop.now()), 1_000);
 * test.advance(Duration.ofSeconds(1));   // returns at once; the timer ran at virtual time 1000
 * }</pre>
 *
 * <p><b>Thread safety:</b> the thread that creates a {@code TestLoop} owns its loop; every method
 * must be called on it. Other threads may submit work to {@link #loop()} as usual; it runs the
 * next time this thread drives the loop.
 */
public final class TestLoop implements AutoCloseable {

    /** Iterations in a row with work waiting after which a drive gives up. */
    private static final int MAX_BUSY_ITERATIONS = 1_000_000;

    private final VirtualClock clock = new VirtualClock();
    private final VirtualPoller poller = new VirtualPoller(clock);
    private final EventLoop loop;

    private TestLoop(String name) {
        this.loop = EventLoop.create(LoopOptions.defaults().withName(name).withClock(clock).withPoller(context -> poller));
        poller.stopWith(loop::stop);
    }

    /**
     * A test loop at virtual time 0, owned by the calling thread.
     *
     * @return the test loop
     */
    public static TestLoop create() {
        return new TestLoop("test-loop");
    }

    /**
     * The loop under test: schedule on it as usual.
     *
     * @return the loop
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * The virtual time, in milliseconds since the test loop was created ({@link EventLoop#now()}
     * as of the last iteration).
     *
     * @return the virtual time
     */
    public long nowMillis() {
        return clock.nanoTime() / 1_000_000L;
    }

    /**
     * Runs everything that is ready at the current virtual time (nextTicks, microtasks, immediates,
     * executed tasks, close callbacks, and the work they queue) until the loop would have to wait.
     * Time does not move.
     *
     * @throws IllegalStateException if the loop is still busy after a million iterations: a
     *     callback keeps rescheduling itself without ever waiting
     */
    public void runUntilIdle() {
        drive(clock.nanoTime(), false);
    }

    /**
     * Moves virtual time forward by {@code duration}, running every timer that falls due on the way
     * at its own deadline, in order, and everything ready in between.
     *
     * @param duration how far to move, not negative
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration < 0: " + duration + "; virtual time only moves forward");
        }
        long target = clock.nanoTime() + duration.toNanos();
        drive(target, false);
        if (clock.nanoTime() < target) {
            clock.moveTo(target); // nothing left to wake the loop: time passes all the same
            runOnce();            // and the loop's now() catches up, so new timers count from here
        }
    }

    /**
     * Runs what is ready now, then jumps to the earliest timer's deadline and runs what is due
     * there.
     *
     * @return false if no timer was armed (time did not move)
     */
    public boolean advanceToNextTimer() {
        runUntilIdle();
        drive(Long.MAX_VALUE, true); // one jump, then everything due there
        return poller.moved();
    }

    /**
     * Runs one iteration of the loop at the current virtual time, without waiting
     * ({@link EventLoop#runNowait()}).
     *
     * @return whether the loop is still alive
     */
    public boolean runOnce() {
        poller.drive(clock.nanoTime(), false, MAX_BUSY_ITERATIONS);
        return loop.runNowait();
    }

    /** Closes the loop: see {@link EventLoop#close()}. */
    @Override
    public void close() {
        loop.close();
    }

    /**
     * Runs the loop ({@link EventLoop#run()}, so iterations number as in a real run) until it is
     * not alive or the poller stops it: it would have to wait past {@code limit}, or for another
     * thread. With {@code jumpOnce} the clock moves at most once.
     */
    private void drive(long limit, boolean jumpOnce) {
        poller.drive(limit, jumpOnce, MAX_BUSY_ITERATIONS);
        loop.run();
        if (poller.busyExceeded()) {
            throw new IllegalStateException("The loop was still busy after " + MAX_BUSY_ITERATIONS
                    + " iterations at virtual time " + nowMillis() + " ms: a callback keeps rescheduling itself without waiting");
        }
    }
}
