package dev.loop.testkit;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.Promise;
import dev.loop.api.LoopOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

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
    private final RemoteThread remote = new RemoteThread();
    private final VirtualPoller poller = new VirtualPoller(clock, remote);
    private final Chooser chooser;
    private final EventLoop loop;

    private TestLoop(String name, Chooser chooser) {
        this.chooser = chooser;
        this.loop = EventLoop.create(LoopOptions.defaults().withName(name).withClock(clock).withPoller(context -> poller));
        poller.stopWith(loop::stop);
    }

    /**
     * A test loop at virtual time 0, owned by the calling thread, whose open choices come from the
     * seed in the system property {@value Chooser#SEED_PROPERTY}, or from a random seed when it is
     * not set. Print {@link #seed()} when a test fails ({@link #replayable} does).
     *
     * @return the test loop
     */
    public static TestLoop create() {
        return new TestLoop("test-loop", Chooser.fromSystemPropertyOrRandom());
    }

    /**
     * A test loop at virtual time 0, owned by the calling thread, whose open choices are those of
     * {@code seed}.
     *
     * @param seed the seed
     * @return the test loop
     */
    public static TestLoop create(long seed) {
        return new TestLoop("test-loop", Chooser.seeded(seed));
    }

    /**
     * Runs {@code test} with a fresh test loop (seeded as {@link #create()} does) and closes the
     * loop afterwards. If {@code test} fails, the failure carries the seed as a suppressed
     * exception, which test reports print: {@code test loop seed 42 (replay with
     * -Dloop.testkit.seed=42)}. Running again with that property replays every choice.
     *
     * @param test the test body
     */
    public static void replayable(Consumer<TestLoop> test) {
        Objects.requireNonNull(test, "test");
        try (TestLoop loop = create()) {
            try {
                test.accept(loop);
            } catch (Throwable failure) {
                failure.addSuppressed(new ReplayHint(loop.chooser().replayHint()));
                throw failure;
            }
        }
    }

    /** Carries the seed of a failed test to its report; it has no stack trace of its own. */
    private static final class ReplayHint extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReplayHint(String hint) {
            super(hint, null, false, false);
        }
    }

    /**
     * The seed behind every open choice of this loop.
     *
     * @return the seed
     */
    public long seed() {
        return chooser.seed();
    }

    /**
     * The chooser that makes this loop's open choices.
     *
     * @return the chooser
     */
    public Chooser chooser() {
        return chooser;
    }

    /**
     * Submits {@code task} as another thread would, through {@link EventLoop#execute}: it arrives
     * during a poll phase 0 to {@value Chooser#MAX_ARRIVAL_DELAY_MILLIS} virtual milliseconds from
     * now, and submissions that arrive together come in an order, all chosen by the seed. Until it
     * arrives it holds the loop alive, as a request in flight does; it is handed over by a real
     * second thread, so it takes the loop's real cross-thread path.
     *
     * @param task what the other thread submits
     */
    public void executeFromOtherThread(Runnable task) {
        Objects.requireNonNull(task, "task");
        Handle inFlight = loop.keepAlive(dev.loop.api.ResourceKind.TASK); // also checks that this is the loop's thread
        onOtherThread(() -> loop.execute(() -> {
            inFlight.close();
            task.run();
        }));
    }

    /**
     * Runs {@code work} on another thread, as a worker pool would, and settles the returned promise
     * on the loop with its result or its exception. The seed chooses when the work completes (0 to
     * {@value Chooser#MAX_ARRIVAL_DELAY_MILLIS} virtual milliseconds from now) and the order among
     * pieces that complete together; the work really runs on a second thread, then its completion
     * takes the loop's cross-thread path and settles the promise during a poll phase. Until then it
     * holds the loop alive, as a request in flight does.
     *
     * @param work the work, run on another thread
     * @param <T> the result type
     * @return a promise of the loop, settled with the work's outcome
     */
    public <T> Promise<T> offload(Callable<? extends T> work) {
        Objects.requireNonNull(work, "work");
        Handle inFlight = loop.keepAlive(dev.loop.api.ResourceKind.WORK);
        Promise.Resolvers<T> result = loop.withResolvers();
        onOtherThread(() -> {
            T value;
            try {
                value = work.call();
            } catch (Exception | Error failure) {
                loop.execute(() -> {
                    inFlight.close();
                    result.reject(failure);
                });
                return;
            }
            loop.execute(() -> {
                inFlight.close();
                result.resolve(value);
            });
        });
        return result.promise();
    }

    /** Queues {@code piece} for the other thread at a time and rank the seed chooses. */
    private void onOtherThread(Runnable piece) {
        Chooser.Arrival arrival = chooser.nextArrival();
        remote.submit(clock.nanoTime() + arrival.delayMillis() * 1_000_000L, arrival.rank(), piece);
    }

    /**
     * Runs {@code main} as the loop's entry callback (as Node runs a script), then the loop until
     * nothing referenced is left, moving virtual time from one timer or arrival to the next.
     *
     * @param main the entry callback
     * @throws IllegalStateException if the loop stays alive with nothing that could ever wake it
     *     (a referenced handle with no timer), or keeps itself busy for a million iterations
     */
    public void run(Runnable main) {
        Objects.requireNonNull(main, "main");
        poller.drive(Long.MAX_VALUE, false, MAX_BUSY_ITERATIONS);
        loop.run(main);
        checkDrive();
        checkEnded();
    }

    /**
     * Runs the loop until nothing referenced is left, moving virtual time from one timer or
     * arrival to the next: {@link #run(Runnable)} without an entry callback.
     *
     * @throws IllegalStateException as {@link #run(Runnable)}
     */
    public void run() {
        drive(Long.MAX_VALUE, false);
        checkEnded();
    }

    private void checkEnded() {
        if (poller.waitedForever()) {
            throw new IllegalStateException("The loop is still alive at virtual time " + nowMillis()
                    + " ms but nothing could wake it: a referenced handle (keepAlive?) with no timer; close or unref it");
        }
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
     * Lets {@code duration} of virtual time pass inside the running callback, as a computation
     * that long would: nothing else runs meanwhile. Call it from a callback of this loop. As in
     * Node, timers armed afterwards count from the later time (arming reads the clock), while
     * {@link EventLoop#now()} stays where the loop last read the clock until something reads it
     * again; a timer that falls due meanwhile runs in the next timers phase, late.
     *
     * <pre>{@code
     * loop.setImmediate(() -> {
     *     test.busy(Duration.ofMillis(200));          // a 200 ms computation
     *     loop.setTimeout(() -> log.add("T"), 100);   // runs 100 ms after this call: at 300
     * });
     * }</pre>
     *
     * @param duration how long the callback computes, not negative
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public void busy(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration < 0: " + duration + "; virtual time only moves forward");
        }
        clock.moveTo(clock.nanoTime() + duration.toNanos());
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

    /** Closes the loop (see {@link EventLoop#close()}) and stops the helper thread. */
    @Override
    public void close() {
        try {
            loop.close();
        } finally {
            remote.close();
        }
    }

    /**
     * Runs the loop ({@link EventLoop#run()}, so iterations number as in a real run) until it is
     * not alive or the poller stops it: it would have to wait past {@code limit}, or for another
     * thread. With {@code jumpOnce} the clock moves at most once.
     */
    private void drive(long limit, boolean jumpOnce) {
        poller.drive(limit, jumpOnce, MAX_BUSY_ITERATIONS);
        loop.run();
        checkDrive();
    }

    private void checkDrive() {
        if (poller.busyExceeded()) {
            throw new IllegalStateException("The loop was still busy after " + MAX_BUSY_ITERATIONS
                    + " iterations at virtual time " + nowMillis() + " ms: a callback keeps rescheduling itself without waiting");
        }
    }
}
