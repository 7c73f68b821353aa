package dev.loop.api;

import dev.loop.spi.LoopProvider;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A Node.js event loop: one thread runs every callback, in libuv's phase order.
 *
 * <h2>One iteration</h2>
 * Each turn of the loop runs these steps, in this order:
 * <ol>
 *   <li><b>update time</b>: {@link #now()} is read from the loop's clock once and cached;</li>
 *   <li><b>timers</b>: every timer whose deadline is {@code <= now()} runs, in Node's order:
 *       timers of one duration form a list in arming order, and due lists run one after another,
 *       each up to its first timer that is not due, by (the time the list was last scheduled for,
 *       then the list's age; a list that has to wait for a later timer is rescheduled and counts as
 *       new). Timers due at the same time therefore run in arming order within one duration but
 *       not always across durations. Timers created while this phase runs wait for a later pass,
 *       and a delay below 1 ms is 1 ms. The phase decides what is due with the time read in
 *       step 1, though its callbacks take time; when they are done, the loop schedules its next
 *       timers phase for the first list's deadline, or 1 ms after {@code now()} if that deadline
 *       has passed meanwhile, and if a callback's late arming moved {@code now()} past the
 *       earliest deadline it runs the phase again at once with a fresh read, as Node 20's libuv
 *       does;</li>
 *   <li><b>pending</b>: I/O callbacks that a backend deferred from the previous iteration;</li>
 *   <li><b>poll</b>: the loop blocks until I/O, a cross-thread submission, or the next timer is
 *       due; it does not block when immediates or closing handles are waiting or {@link #stop()}
 *       was called. I/O completions and {@link #execute(Runnable) executed} tasks run here;</li>
 *   <li><b>check</b>: the immediates that were queued before this phase began; immediates queued
 *       during it run in the next iteration;</li>
 *   <li><b>close</b>: the close callbacks of handles closed during this iteration;</li>
 *   <li><b>alive?</b>: the loop goes on while referenced timers, immediates or handles, requests in
 *       flight, queued tasks, or closing handles remain. {@link #run()} returns when none do.</li>
 * </ol>
 * As in libuv since 1.45 (Node 20), step 7 is taken right after step 2: {@link #run()} updates the
 * time and runs the due timers once before its first iteration, and each iteration ends with the
 * close callbacks followed by steps 1 and 2 of the next, and only then asks whether the loop is
 * alive. So timers that the close phase left due still run, and a loop that its timers leave with
 * nothing referenced stops without another check phase. The first iteration is the exception, as
 * in libuv: {@link #run()} asks whether the loop is alive before the timers it runs ahead of that
 * iteration, so its poll and check phases run even if those timers left nothing referenced (an
 * unreferenced immediate queued by then still runs). {@link #runOnce()} and
 * {@link #runNowait()} run steps 3-6, then 1, 2 and 7.
 * After <em>every</em> callback of every phase, and after the entry callback given to
 * {@link #run(Runnable)}, the loop drains the {@link #nextTick nextTick} queue completely, then the
 * {@link #queueMicrotask microtask} queue completely, and repeats until both are empty (Node 11 and
 * later). Promise reactions are microtasks. When errors go to the
 * {@link #onUncaughtException handler}, the loop follows Node 20 exactly: a callback that throws
 * is followed by no drain; a nextTick that throws ends the drain it runs in (a microtask that
 * throws does not); what is left drains at the next drain, which is the next callback's, or the
 * one that opens every check phase (immediates queued there run in that phase). A drain is never
 * retried at once. In the timers phase, after a timer (or a drain between timers) throws, the
 * next timer of the same list runs undrained; if that list has no more due timers, the next list
 * is drained first. When the last immediate of the check phase throws, the immediates queued
 * since run in the same phase. Every handled error queues a no-op immediate, so the next poll
 * does not wait.
 *
 * <h2>Time</h2>
 * {@link #now()} is the clock as the loop last read it, as libuv's {@code uv_now}: at step 1, after
 * a poll that blocked, and whenever a timer is armed. A callback that computes for a while does
 * not move it, and the poll phase counts its timeout from it, so the loop wakes for the next timer
 * as late as libuv does after such a callback. Timers count from the time of the call, never
 * from a {@code now()} that a long callback left behind.
 *
 * <h2>Getting a loop</h2>
 * {@link #create()} finds the implementation with {@link ServiceLoader}; put {@code dev.loop.core}
 * on the module path. A loop from {@code create()} belongs to the thread that created it, which
 * drives it with {@link #run()} (Node's main thread). {@link #startThread(String)} gives a loop on a
 * thread of its own that stays up until {@link #close()} (server style).
 *
 * <pre>{@code
 * EventLoop loop = EventLoop.create();
 * loop.run(() -> {
 *     loop.setTimeout(() -> System.out.println("timeout"), 0);
 *     loop.setImmediate(() -> System.out.println("immediate"));
 *     loop.nextTick(() -> System.out.println("nextTick"));
 * });
 * }</pre>
 *
 * <p><b>Thread safety:</b> a loop has one owner thread; every callback runs on it. Methods marked
 * <em>loop thread only</em> throw {@link IllegalStateException} when called from another thread.
 * The scheduling methods ({@code nextTick}, {@code queueMicrotask}, {@code setTimeout},
 * {@code setInterval}, {@code setImmediate}, {@code execute}) and {@link #stop()}, {@link #close()},
 * {@link #isClosed()}, {@link #inLoop()} may be called from any thread: a call from another thread is
 * forwarded through the loop's lock-free cross-thread queue and takes effect in the next poll phase.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it submits a task or schedules a
 * callback from another thread <i>happen-before</i> that callback runs on the loop thread.
 */
public interface EventLoop extends Executor, AutoCloseable, EventSource {

    /**
     * The loop ran out of work in {@link #run()} ({@code process.on('beforeExit')}). Its listeners
     * run as a callback (nextTicks and microtasks drain after it) and may schedule more work, which
     * keeps the loop running; it is emitted again each time the loop runs out. Not emitted when the
     * loop stops through {@link #stop()} or {@link #close()}, or by {@link #runOnce()} and
     * {@link #runNowait()}.
     */
    Event<Void> BEFORE_EXIT = Event.named("beforeExit");

    /**
     * {@link #run()} is about to return, the loop having run out of work
     * ({@code process.on('exit')}): once per such return, after the last {@link #BEFORE_EXIT}. Its
     * listeners run synchronously and nothing drains after them, as in Node, where the process
     * then exits: what they schedule waits for a later {@code run()}.
     */
    Event<Void> EXIT = Event.named("exit");

    /**
     * Creates a loop owned by the calling thread, with default options.
     *
     * @return a new loop; drive it with {@link #run()} from this thread
     * @throws LoopException if no implementation is on the module path or class path
     */
    static EventLoop create() {
        return create(LoopOptions.defaults());
    }

    /**
     * Creates a loop owned by the calling thread.
     *
     * @param options how the loop is configured
     * @return a new loop; drive it with {@link #run()} from this thread
     * @throws LoopException if no implementation is on the module path or class path
     */
    static EventLoop create(LoopOptions options) {
        return provider().create(options);
    }

    /**
     * Starts a loop on a new thread of its own. It stays up, even with nothing scheduled, until
     * {@link #close()} is called.
     *
     * @param threadName the name of the loop's thread
     * @return the running loop
     * @throws LoopException if no implementation is on the module path or class path
     */
    static EventLoop startThread(String threadName) {
        return startThread(LoopOptions.defaults().withName(threadName));
    }

    /**
     * Starts a loop on a new thread of its own, named after {@link LoopOptions#name()}. It stays up,
     * even with nothing scheduled, until {@link #close()} is called.
     *
     * @param options how the loop is configured
     * @return the running loop
     * @throws LoopException if no implementation is on the module path or class path
     */
    static EventLoop startThread(LoopOptions options) {
        return provider().startThread(options);
    }

    /**
     * The loop the calling thread owns: the last one created on it, until that one terminates, such
     * as the loop of the worker or callback that is running. With several installed
     * implementations, the first by priority that knows such a loop answers.
     *
     * @return the loop, or empty on a thread that owns none
     */
    static Optional<EventLoop> current() {
        for (LoopProvider provider : LoopProvider.installed()) {
            Optional<EventLoop> owned = provider.current();
            if (owned.isPresent()) {
                return owned;
            }
        }
        return Optional.empty();
    }

    /**
     * The implementation {@link #create()} uses: the available {@link LoopProvider} with the highest
     * priority.
     *
     * @return the provider
     * @throws LoopException if none is on the module path or class path
     */
    static LoopProvider provider() {
        List<LoopProvider> providers = LoopProvider.installed();
        if (providers.isEmpty()) {
            throw new LoopException(
                    "No dev.loop.spi.LoopProvider found: add loop-core (module dev.loop.core) to the module path or class path");
        }
        return providers.getFirst();
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs the loop until nothing referenced is left (libuv's {@code UV_RUN_DEFAULT}), then returns.
     * Loop thread only, and not from inside a callback.
     *
     * @throws LoopException if a callback threw and no {@link #onUncaughtException handler} was
     *     registered; the loop is closed by then
     * @throws IllegalStateException if called from a thread that does not own the loop, or from
     *     inside one of its callbacks
     * @throws RejectedExecutionException if the loop is closed
     */
    void run();

    /**
     * Runs {@code entry} as the loop's first callback, drains nextTicks and microtasks, then
     * {@link #run() runs} the loop: the shape of a Node script.
     *
     * @param entry the first callback
     * @throws LoopException as {@link #run()}
     * @throws IllegalStateException as {@link #run()}
     */
    void run(Runnable entry);

    /**
     * Runs one iteration, blocking in the poll phase if nothing else is ready (libuv's
     * {@code UV_RUN_ONCE}). Loop thread only.
     *
     * @return whether the loop is still alive
     * @throws LoopException as {@link #run()}
     * @throws IllegalStateException as {@link #run()}
     */
    boolean runOnce();

    /**
     * Runs one iteration without blocking (libuv's {@code UV_RUN_NOWAIT}). Loop thread only.
     *
     * @return whether the loop is still alive
     * @throws LoopException as {@link #run()}
     * @throws IllegalStateException as {@link #run()}
     */
    boolean runNowait();

    /**
     * Makes {@link #run()} return after the current iteration, as {@code uv_stop}. Any thread may
     * call it; it wakes a sleeping loop.
     */
    void stop();

    /**
     * Closes the loop. Any thread may call it, and calls after the first do nothing, but for the
     * case below. From then on every submission is rejected with
     * {@link RejectedExecutionException} and no timer or immediate runs. The loop finishes the
     * callback in progress, runs the nextTicks and microtasks already queued and every task it had
     * already accepted, runs close callbacks, and then {@link #run()} returns. When the loop is not
     * running, the owner thread's call closes it at once, also when another thread's call came
     * first; another thread's call takes effect when the owner next runs or closes it. Handles may
     * still be closed from any thread afterwards; that does nothing.
     *
     * <p>A loop is {@link AutoCloseable}, so a try-with-resources block closes it:
     * {@code try (EventLoop loop = EventLoop.create()) { loop.run(...); }}. It throws no checked
     * exception.
     *
     * @throws LoopException if, while the owner thread closes an idle loop, a task or close
     *     callback throws and no handler takes it (the loop is closed all the same)
     */
    @Override
    void close();

    /**
     * Whether {@link #close()} was called or the loop stopped on an uncaught error. Any thread may
     * call it.
     *
     * @return whether the loop rejects new work
     */
    boolean isClosed();

    /**
     * Completes when the loop has closed: normally after {@link #close()}, exceptionally with the
     * {@link LoopException} that ended it. Any thread may call it.
     *
     * @return a stage that completes on termination
     */
    CompletionStage<Void> termination();

    /**
     * Whether the calling thread is the loop's owner thread. Any thread may call it.
     *
     * @return whether loop-thread-only methods may be called here
     */
    boolean inLoop();

    /**
     * The cached loop time, in milliseconds from the loop's creation (libuv's {@code uv_now}): read
     * from the clock when an iteration starts, after the poll phase blocked, and whenever a timer is
     * armed (as Node's {@code getLibuvNow()} updates libuv's time). Loop thread only.
     *
     * @return the time last read
     */
    long now();

    /**
     * The phase whose callback is running now, or {@link Phase#MAIN} outside any iteration; for
     * traces and diagnostics. Loop thread only.
     *
     * @return the current phase
     */
    Phase phase();

    /**
     * The number of the current iteration: 0 before the first, then 1, 2, ... (each starts with
     * step 1, update time). With {@link #phase()} it places a callback in time. Loop thread only.
     *
     * @return the iteration number
     */
    long iteration();

    // ---------------------------------------------------------------- scheduling

    /**
     * Queues {@code callback} to run right after the current callback, before any microtask
     * (Node's {@code process.nextTick}). Any thread may call it.
     *
     * @param callback what to run
     * @throws NullPointerException if {@code callback} is null
     * @throws RejectedExecutionException if the loop is closed
     */
    void nextTick(Runnable callback);

    /**
     * Queues {@code callback} as a microtask, after the nextTick queue drains (the standard
     * {@code queueMicrotask}). Any thread may call it.
     *
     * @param callback what to run
     * @throws NullPointerException if {@code callback} is null
     * @throws RejectedExecutionException if the loop is closed
     */
    void queueMicrotask(Runnable callback);

    /**
     * Runs {@code callback} once, in the timers phase, no sooner than {@code delayMillis} after
     * the call. The timer starts at the time of the call, as in Node: arming reads the loop's
     * clock, so a callback that computes for 200 ms and then sets a 100 ms timeout gets its
     * callback 100 ms later, not in the next timers phase. An interval's next run counts from the
     * time read just before its callback; {@link Timeout#refresh()} counts from its call. A delay of
     * 0 is 1 ms, as in Node. Any thread may call it; from another thread the timer starts when the
     * loop takes the call, in its next poll phase.
     *
     * @param callback what to run
     * @param delayMillis milliseconds to wait, {@code 0..}{@link #MAX_DELAY_MILLIS}
     * @return a referenced handle; {@link Timeout#close()} cancels it
     * @throws NullPointerException if {@code callback} is null
     * @throws IllegalArgumentException if the delay is negative or above {@link #MAX_DELAY_MILLIS}
     * @throws RejectedExecutionException if the loop is closed
     */
    Timeout setTimeout(Runnable callback, long delayMillis);

    /**
     * {@link #setTimeout(Runnable, long)} with a {@link Duration}, rounded up to whole milliseconds.
     *
     * @param callback what to run
     * @param delay how long to wait
     * @return a referenced handle; {@link Timeout#close()} cancels it
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the delay is negative or above {@link #MAX_DELAY_MILLIS}
     * @throws RejectedExecutionException if the loop is closed
     */
    default Timeout setTimeout(Runnable callback, Duration delay) {
        return setTimeout(callback, Delays.toMillis(delay));
    }

    /**
     * Runs {@code callback} every {@code periodMillis} until the handle is closed. Each repetition
     * is scheduled from the loop time at which the previous one ran, as in Node. Any thread may call
     * it.
     *
     * @param callback what to run
     * @param periodMillis the period, {@code 0..}{@link #MAX_DELAY_MILLIS}; 0 is 1 ms
     * @return a referenced handle; {@link Timeout#close()} stops the interval, also from inside it
     * @throws NullPointerException if {@code callback} is null
     * @throws IllegalArgumentException if the period is negative or above {@link #MAX_DELAY_MILLIS}
     * @throws RejectedExecutionException if the loop is closed
     */
    Timeout setInterval(Runnable callback, long periodMillis);

    /**
     * {@link #setInterval(Runnable, long)} with a {@link Duration}, rounded up to whole milliseconds.
     *
     * @param callback what to run
     * @param period the period
     * @return a referenced handle
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the period is negative or above {@link #MAX_DELAY_MILLIS}
     * @throws RejectedExecutionException if the loop is closed
     */
    default Timeout setInterval(Runnable callback, Duration period) {
        return setInterval(callback, Delays.toMillis(period));
    }

    /**
     * Runs {@code callback} in the next check phase (Node's {@code setImmediate}). Any thread may
     * call it.
     *
     * @param callback what to run
     * @return a referenced handle; {@link Immediate#close()} cancels it
     * @throws NullPointerException if {@code callback} is null
     * @throws RejectedExecutionException if the loop is closed
     */
    Immediate setImmediate(Runnable callback);

    // ---------------------------------------------------------------- promise timers (Node's timers/promises)

    /**
     * A promise fulfilled after {@code delay}, in the timers phase (Node's
     * {@code timersPromises.setTimeout(delay)}). Its timer keeps the loop alive, as any timer.
     * Loop thread only.
     *
     * @param delay how long, rounded up to whole milliseconds
     * @return the promise
     * @throws IllegalArgumentException if the delay is negative or above {@link #MAX_DELAY_MILLIS}
     */
    default Promise<Void> delay(Duration delay) {
        return PromiseTimers.delay(this, delay, null, null);
    }

    /**
     * A promise of {@code value} after {@code delay}, in the timers phase (Node's
     * {@code timersPromises.setTimeout(delay, value)}). Loop thread only.
     *
     * @param delay how long, rounded up to whole milliseconds
     * @param value what the promise is fulfilled with, may be null
     * @param <T> the value type
     * @return the promise
     * @throws IllegalArgumentException if the delay is negative or above {@link #MAX_DELAY_MILLIS}
     */
    default <T> Promise<T> delay(Duration delay, T value) {
        return PromiseTimers.delay(this, delay, value, null);
    }

    /**
     * A promise of {@code value} after {@code delay}, rejected with an {@link AbortError} (whose
     * cause is the signal's reason) if {@code signal} aborts first, and at once if it already has;
     * the timer is then cancelled (Node's {@code timersPromises.setTimeout(delay, value, {signal})}).
     * Loop thread only; the signal may abort on any thread.
     *
     * @param delay how long, rounded up to whole milliseconds
     * @param value what the promise is fulfilled with, may be null
     * @param signal cancels it
     * @param <T> the value type
     * @return the promise
     * @throws NullPointerException if {@code delay} or {@code signal} is null
     * @throws IllegalArgumentException if the delay is negative or above {@link #MAX_DELAY_MILLIS}
     */
    default <T> Promise<T> delay(Duration delay, T value, AbortSignal signal) {
        return PromiseTimers.delay(this, delay, value, Objects.requireNonNull(signal, "signal"));
    }

    /**
     * A promise fulfilled in the next check phase (Node's {@code timersPromises.setImmediate()}).
     * Loop thread only.
     *
     * @return the promise
     */
    default Promise<Void> immediate() {
        return PromiseTimers.immediate(this, null, null);
    }

    /**
     * A promise of {@code value} in the next check phase, rejected with an {@link AbortError} if
     * {@code signal} aborts first (Node's {@code timersPromises.setImmediate(value, {signal})}).
     * Loop thread only; the signal may abort on any thread.
     *
     * @param value what the promise is fulfilled with, may be null
     * @param signal cancels it
     * @param <T> the value type
     * @return the promise
     * @throws NullPointerException if {@code signal} is null
     */
    default <T> Promise<T> immediate(T value, AbortSignal signal) {
        return PromiseTimers.immediate(this, value, Objects.requireNonNull(signal, "signal"));
    }

    /**
     * How busy this loop has been since it was created: Node's
     * {@code performance.eventLoopUtilization()}. Idle is the time its poll phase waited for work;
     * active the rest of the time it ran. Subtract an earlier reading with
     * {@link LoopUtilization#since}. Any thread; it reads the clock and a few fields, and the loop
     * pays for it only when it waits.
     *
     * @return the cumulative utilisation
     */
    LoopUtilization utilization();

    /**
     * What this loop has done: iterations, callbacks per phase, timers fired, tasks from other
     * threads, and how many of those wait now. Any thread; another thread may read counts a
     * callback or two behind.
     *
     * @return the counts
     */
    LoopCounters counters();

    /**
     * What keeps this loop alive now, by kind: Node's {@code process.getActiveResourcesInfo()},
     * which lists one entry per resource, grouped here into a count per kind. Referenced timers
     * are {@code Timeout}, referenced immediates {@code Immediate}, tasks submitted with
     * {@code execute} that have not run {@code Task}; the I/O, process and worker modules add
     * {@code TCPSocket}, {@code TCPServer}, {@code TCPWrite}, {@code FSReqCallback},
     * {@code ChildProcess}, {@code Worker}, {@code MessagePort} and more (see {@link ResourceKind}).
     * Unreferenced handles are not listed, as they keep nothing alive. An empty map when
     * {@code run()} is about to return. Any thread; another thread may read counts a callback or
     * two behind.
     *
     * @return each kind with a count above zero, in the order the kinds were first named in this JVM
     */
    java.util.Map<String, Integer> activeResources();

    /**
     * A histogram of how late this loop comes back to its timers: Node's
     * {@code perf_hooks.monitorEventLoopDelay({resolution})}. It starts disabled; its
     * {@link DelayHistogram#enable()} arms an unreferenced interval timer, so it never keeps the
     * loop alive. Loop thread only.
     *
     * @param resolution how often it samples; at least a millisecond (Node's default is 10 ms)
     * @return a new histogram
     * @throws IllegalArgumentException if {@code resolution} is under a millisecond
     */
    DelayHistogram monitorDelay(java.time.Duration resolution);

    /**
     * A monotonic, high-resolution time in nanoseconds on the loop's clock (Node's
     * {@code process.hrtime.bigint()}; divide by 1e6 for {@code performance.now()}'s milliseconds).
     * Only differences mean something. On a test loop's virtual clock it is virtual too. It reads
     * the clock; it does not change {@link #now()}. Loop thread only.
     *
     * @return the time in nanoseconds
     */
    long hrtime();

    /**
     * Runs {@code task} in the loop's poll phase. Any thread may call it; tasks from one thread run
     * in the order submitted. From the loop thread the task skips the cross-thread queue, and a
     * task executed by a task of the poll phase runs in the same pass (up to a budget, so that
     * timers and immediates still get their turn). Queued tasks keep the loop alive.
     *
     * @param task what to run
     * @throws NullPointerException if {@code task} is null
     * @throws RejectedExecutionException if the loop is closed, or its task bound
     *     ({@link LoopOptions#maxPendingTasks()}) is reached
     */
    @Override
    void execute(Runnable task);

    /**
     * A handle whose only job is to keep the loop alive while it is referenced and open, as an
     * idle server socket would. Loop thread only.
     *
     * @return a referenced handle
     * @throws RejectedExecutionException if the loop is closed
     * @throws IllegalStateException off the loop thread
     */
    default Handle keepAlive() {
        return keepAlive(ResourceKind.KEEP_ALIVE);
    }

    /**
     * {@link #keepAlive()} for a resource of a kind of your own, which
     * {@link #activeResources()} lists it under while it is referenced and open.
     *
     * @param kind what the handle stands for, such as {@code ResourceKind.of("Subscription")}
     * @return a referenced handle
     * @throws RejectedExecutionException if the loop is closed
     * @throws IllegalStateException off the loop thread
     */
    Handle keepAlive(ResourceKind kind);

    // ---------------------------------------------------------------- promises

    /**
     * Creates a promise and runs {@code executor} with its resolving functions at once, as
     * {@code new Promise(executor)}; if the executor throws, the promise is rejected. Loop thread
     * only.
     *
     * @param executor receives the resolvers
     * @param <T> the value type
     * @return the promise
     */
    <T> Promise<T> promise(Consumer<Promise.Resolvers<T>> executor);

    /**
     * A pending promise and the functions that settle it ({@code Promise.withResolvers()}). The
     * resolvers may be called from any thread. Loop thread only.
     *
     * @param <T> the value type
     * @return the promise and its resolvers
     */
    <T> Promise.Resolvers<T> withResolvers();

    /**
     * A promise fulfilled with {@code value} ({@code Promise.resolve}). Loop thread only.
     *
     * @param value the value, may be null
     * @param <T> the value type
     * @return a fulfilled promise
     */
    <T> Promise<T> resolved(T value);

    /**
     * A promise rejected with {@code reason} ({@code Promise.reject}). Loop thread only.
     *
     * @param reason why
     * @param <T> the value type
     * @return a rejected promise
     */
    <T> Promise<T> rejected(Throwable reason);

    /**
     * A promise that settles on this loop when {@code stage} completes. Until then it counts as a
     * request in flight and keeps the loop alive. Loop thread only.
     *
     * @param stage the stage to follow
     * @param <T> the value type
     * @return a promise settled on this loop
     */
    <T> Promise<T> fromStage(CompletionStage<? extends T> stage);

    // ---------------------------------------------------------------- errors

    /**
     * Sets the handler for exceptions that callbacks throw and for unhandled promise rejections
     * (Node's {@code process.on('uncaughtException')}). With no handler, an uncaught exception stops
     * the loop, closes it, and makes {@link #run()} throw {@link LoopException}. Loop thread only.
     *
     * @param handler the handler, or null to remove it
     */
    void onUncaughtException(UncaughtErrorHandler handler);

    /** The longest delay a timer accepts: 2<sup>31</sup>-1 ms (about 24.8 days), as in Node. */
    long MAX_DELAY_MILLIS = Integer.MAX_VALUE;
}
