package dev.loop.api;

import dev.loop.spi.LoopClock;
import dev.loop.spi.PollerFactory;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a loop is configured. Immutable; start from {@link #defaults()} and change what you need with
 * the {@code with*} methods.
 *
 * <p><b>Thread safety:</b> immutable; any thread.
 *
 * <pre>{@code
 * EventLoop loop = EventLoop.create(LoopOptions.defaults().withName("api").withMaxPendingTasks(65_536));
 * }</pre>
 *
 * @param name the loop's name; also the name of the thread {@link EventLoop#startThread} starts
 * @param clock the loop's only source of time
 * @param pollerFactory makes the poller the poll phase blocks in; null means the implementation's
 *     default (loop-core parks the thread)
 * @param maxPendingTasks the exact bound on tasks queued from other threads and not yet run; 0
 *     means unbounded. With that many pending, {@link EventLoop#execute} (and the other scheduling
 *     calls) from another thread throw {@link java.util.concurrent.RejectedExecutionException} and
 *     queue nothing. Tasks the loop itself depends on (message deliveries, I/O and offload
 *     completions, handles closed from other threads) are never refused and never make their
 *     sender wait: they count toward the bound while they are queued. Calls on the loop's own
 *     thread never go through this queue
 * @param uncaughtErrorHandler the initial {@link EventLoop#onUncaughtException handler}, or null
 * @param daemon whether a thread started by {@link EventLoop#startThread} is a daemon thread
 * @param spinBeforeSleep whether the poll phase spins briefly before it blocks when recent sleeps
 *     ended with a cross-thread submission within 50 us (a message ping-pong between threads):
 *     a reply is then caught spinning instead of paying a park and an unpark, at the cost of a
 *     core spinning for up to 50 us per sleep (loop-bench's {@code WorkerBench} measures it); the
 *     window halves, down to nothing, each time it catches nothing. Off by default; {@code Worker}
 *     loops turn it on. Whatever this says, a loop waits the same way while one of its work-pool
 *     calls is in flight ({@link dev.loop.spi.PollerContext#offloadStarted()}: a file read from
 *     the page cache answers in tens of microseconds), which a long call costs at most a few
 *     halving spins. Only with the system clock.
 * @param pollerDecorator wraps the factory of whatever poller the loop ends up with (the default,
 *     {@code pollerFactory}, or the one an I/O backend installs through {@link #withPoller}), or
 *     null for none: for tools that observe or steer the poll phase, such as the test kit's
 *     virtual time over real I/O
 * @param blockedThreshold how long one callback may run before the blocked-loop detector reports
 *     it, or null for no detector (the default); see {@link #withBlockedLoopDetector}
 */
public record LoopOptions(String name, LoopClock clock, PollerFactory pollerFactory, int maxPendingTasks,
                          UncaughtErrorHandler uncaughtErrorHandler, boolean daemon, boolean spinBeforeSleep,
                          UnaryOperator<PollerFactory> pollerDecorator, java.time.Duration blockedThreshold) {

    /**
     * Checks the options.
     *
     * @throws NullPointerException if {@code name} or {@code clock} is null
     * @throws IllegalArgumentException if {@code maxPendingTasks} is negative or above
     *     {@link #MAX_PENDING_TASKS}
     */
    public LoopOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clock, "clock");
        if (blockedThreshold != null && (blockedThreshold.isNegative() || blockedThreshold.toMillis() < 1)) {
            throw new IllegalArgumentException("the blocked-loop threshold is at least 1 ms, got " + blockedThreshold);
        }
        if (maxPendingTasks < 0 || maxPendingTasks > MAX_PENDING_TASKS) {
            throw new IllegalArgumentException("maxPendingTasks must be 0 (unbounded) or 1.." + MAX_PENDING_TASKS
                    + ", got " + maxPendingTasks);
        }
    }

    /** The largest bound {@link #withMaxPendingTasks} accepts: 2<sup>30</sup>. */
    public static final int MAX_PENDING_TASKS = 1 << 30;

    /**
     * Name "loop", the system clock, the default poller, unbounded, no handler, non-daemon.
     *
     * @return the defaults
     */
    public static LoopOptions defaults() {
        return new LoopOptions("loop", LoopClock.system(), null, 0, null, false, false, null, null);
    }

    /**
     * A copy with another name.
     *
     * @param name the loop's name
     * @return the new options
     */
    public LoopOptions withName(String name) {
        return new LoopOptions(name, clock, pollerFactory, maxPendingTasks, uncaughtErrorHandler, daemon, spinBeforeSleep, pollerDecorator, blockedThreshold);
    }

    /**
     * A copy with another clock.
     *
     * @param clock the loop's clock
     * @return the new options
     */
    public LoopOptions withClock(LoopClock clock) {
        return new LoopOptions(name, clock, pollerFactory, maxPendingTasks, uncaughtErrorHandler, daemon, spinBeforeSleep, pollerDecorator, blockedThreshold);
    }

    /**
     * A copy with another poller.
     *
     * @param pollerFactory makes the poller, or null for the default
     * @return the new options
     */
    public LoopOptions withPoller(PollerFactory pollerFactory) {
        return new LoopOptions(name, clock, pollerFactory, maxPendingTasks, uncaughtErrorHandler, daemon, spinBeforeSleep, pollerDecorator, blockedThreshold);
    }

    /**
     * A copy with another bound on cross-thread tasks.
     *
     * @param maxPendingTasks the bound, 0 for unbounded
     * @return the new options
     */
    public LoopOptions withMaxPendingTasks(int maxPendingTasks) {
        return new LoopOptions(name, clock, pollerFactory, maxPendingTasks, uncaughtErrorHandler, daemon, spinBeforeSleep, pollerDecorator, blockedThreshold);
    }

    /**
     * A copy with an uncaught-error handler.
     *
     * @param handler the handler, or null
     * @return the new options
     */
    public LoopOptions withUncaughtErrorHandler(UncaughtErrorHandler handler) {
        return new LoopOptions(name, clock, pollerFactory, maxPendingTasks, handler, daemon, spinBeforeSleep, pollerDecorator, blockedThreshold);
    }

    /**
     * A copy whose {@link EventLoop#startThread started} thread is, or is not, a daemon.
     *
     * @param daemon whether the thread is a daemon
     * @return the new options
     */
    public LoopOptions withDaemon(boolean daemon) {
        return new LoopOptions(name, clock, pollerFactory, maxPendingTasks, uncaughtErrorHandler, daemon, spinBeforeSleep, pollerDecorator, blockedThreshold);
    }

    /**
     * A copy that spins briefly before sleeping when replies come fast (see
     * {@link #spinBeforeSleep()}).
     *
     * @param spinBeforeSleep whether to spin
     * @return new options
     */
    public LoopOptions withSpinBeforeSleep(boolean spinBeforeSleep) {
        return new LoopOptions(name, clock, pollerFactory, maxPendingTasks, uncaughtErrorHandler, daemon, spinBeforeSleep, pollerDecorator, blockedThreshold);
    }

    /**
     * A copy whose poller, whichever it is, is made through {@code decorator}: the loop calls
     * {@code decorator.apply(factory)} once, with the factory it would otherwise use, and creates
     * its poller with the result. An I/O backend's {@link #withPoller} keeps the decorator.
     *
     * @param decorator wraps the poller factory, or null for none
     * @return new options
     */
    public LoopOptions withPollerDecorator(UnaryOperator<PollerFactory> decorator) {
        return new LoopOptions(name, clock, pollerFactory, maxPendingTasks, uncaughtErrorHandler, daemon, spinBeforeSleep, decorator, blockedThreshold);
    }

    /**
     * These options with the blocked-loop detector on: a callback that runs longer than
     * {@code threshold} is reported once through {@code System.Logger} (logger
     * {@code dev.loop.blocked}, WARNING) with the loop's name, its phase, how long it has run and
     * the loop thread's stack; again every {@code threshold} while it still runs; and once more,
     * when it ends, with how long it blocked in all. One daemon thread watches every loop in the
     * process that has it on; the loop's own cost is two stores per callback.
     *
     * @param threshold the longest a callback may run unreported; Vert.x's default is 2 s
     * @return the copy
     * @throws IllegalArgumentException if {@code threshold} is under a millisecond
     */
    public LoopOptions withBlockedLoopDetector(java.time.Duration threshold) {
        return new LoopOptions(name, clock, pollerFactory, maxPendingTasks, uncaughtErrorHandler, daemon, spinBeforeSleep,
                pollerDecorator, java.util.Objects.requireNonNull(threshold, "threshold"));
    }
}
