package dev.loop.core;

import dev.loop.api.Emitter;
import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.Immediate;
import dev.loop.api.LoopException;
import dev.loop.api.LoopOptions;
import dev.loop.api.Phase;
import dev.loop.api.Promise;
import dev.loop.api.ResourceKind;
import dev.loop.api.Timeout;
import dev.loop.api.UncaughtErrorHandler;
import dev.loop.spi.LoopContext;
import dev.loop.api.LoopUtilization;
import dev.loop.spi.LoopClock;
import dev.loop.spi.Poller;
import dev.loop.spi.PollerContext;
import dev.loop.spi.PollerFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jctools.queues.MessagePassingQueue;

/**
 * The event loop: libuv's iteration in {@link #iterate(Mode)}, one call per phase; each phase's
 * body is a small type beside it ({@link TimersPhase}, {@link CheckPhase}), as is the poll phase's
 * idle strategy ({@link SpinBeforeSleep}).
 *
 * <h2>Implementation overview</h2>
 * The loop's state is owned by {@link #owner} and read and written with plain accesses, except
 * three fields that other threads touch: {@link #inbox} (the cross-thread queue), the termination
 * future, and {@link #stopRequested} (volatile: any thread's {@link #stop()} writes it). Other
 * threads reach the loop only through {@link MpscTaskQueue}, whose offer/drain is the
 * happens-before edge for everything they hand over. Liveness counts {@link #refs} (referenced
 * open timers and keep-alives), the referenced immediates waiting, {@link #requests}, the closing
 * and pending queues, and, beyond libuv's {@code uv__loop_alive}, the tasks queued from any thread,
 * so that none waits for a later run. An error nobody handles is thrown as {@link FatalUnwind}
 * from {@link #report}, past every phase, to {@link #runLoop}, which closes the loop and throws
 * {@link LoopException}.
 *
 * <p><b>Thread safety:</b> see {@link EventLoop}.
 */
final class CoreEventLoop implements EventLoop, PollerContext, CallbackHost {

    /** Cross-thread tasks run per poll phase before the loop looks at its timers again. */
    private static final int TASK_BUDGET = 4096;
    /** The loop each thread owns, behind {@link CoreLoopProvider#current()}: written by the owner only. */
    private static final ThreadLocal<CoreEventLoop> OWNED = new ThreadLocal<>();

    private final String name;
    private final Thread owner;
    private final LoopClock clock;
    /** Running and waiting time, for {@link #utilization()}. */
    private final Utilization utilization;
    private final long originNanos;
    private final Poller poller;
    private final MpscTaskQueue inbox;
    private final TimerQueue timers = new TimerQueue();
    private final ImmediateQueue immediates = new ImmediateQueue();
    private final TickQueues ticks = new TickQueues(this);
    private final TimersPhase timersPhase = new TimersPhase(timers, this);
    private final CheckPhase checkPhase = new CheckPhase(immediates, this);
    private final SpinBeforeSleep idle;
    private final ArrayDeque<Runnable> localTasks = new ArrayDeque<>();
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private final ArrayDeque<Runnable> closing = new ArrayDeque<>();
    private final MessagePassingQueue.Consumer<Runnable> taskRunner;
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    /** The loop's own events (beforeExit, exit); loop thread only. */
    private final Emitter events = new Emitter();

    // Loop-thread state, plain fields.
    private long now;
    private int refs;
    private int requests;
    /** refs and requests again, by kind, for {@link #activeResources()}. */
    private final ResourceCounts resources = new ResourceCounts();
    private Phase phase = Phase.MAIN;
    private long iteration;
    /** Callbacks run, by {@link Phase#ordinal()}: loop thread writes, any thread reads (plain: may lag). */
    private final long[] callbacks = new long[Phase.values().length];
    /** Tasks from other threads that ran: as {@link #callbacks}. */
    private long crossThreadTasks;
    private boolean running;
    private boolean terminated;
    private boolean interrupted;
    /** What the blocked-loop detector samples, or null when it is off (the default). */
    private final CallbackWatch watch;
    /**
     * Whether callbacks are timed now: the detector is on, or a recording wants long callbacks.
     * Loop thread; refreshed when the loop waits and every 1024 iterations, so an untimed
     * callback costs one field read.
     */
    private boolean timing;
    /**
     * How deep in timed callbacks the loop is: a callback may invoke another (a task that delivers
     * a message through {@code LoopContext.invoke}); only the outermost is stamped, so the detector
     * and JFR see one callback with one start and one end.
     */
    private int watchDepth;
    /** The JFR event of the callback running now, while a recording wants them; loop thread. */
    private dev.loop.core.jfr.LongCallbackEvent longCallback;
    /** The JFR statistics' previous reading; the recorder's periodic thread only. */
    private LoopUtilization lastStatistics;
    /** The newest delay histogram made on this loop, for the JFR statistics. */
    private volatile DelayMonitor newestDelay;
    private UncaughtErrorHandler handler;
    /** Written by stop() from any thread, read and reset by the loop. */
    private volatile boolean stopRequested;

    CoreEventLoop(LoopOptions options, Thread owner) {
        this.name = options.name();
        this.owner = owner;
        this.watch = options.blockedThreshold() == null ? null
                : new CallbackWatch(name, owner, options.blockedThreshold().toNanos());
        if (watch != null) {
            BlockedLoopDetector.watch(watch);
        }
        this.timing = watch != null;
        dev.loop.core.jfr.LoopEvents.register(this, this::fillStatistics);
        this.clock = options.clock();
        this.handler = options.uncaughtErrorHandler();
        this.originNanos = clock.nanoTime();
        PollerFactory factory = options.pollerFactory() != null ? options.pollerFactory() : context -> Poller.parking(owner);
        if (options.pollerDecorator() != null) {
            factory = Objects.requireNonNull(options.pollerDecorator().apply(factory), "the poller decorator returned null");
        }
        this.poller = Objects.requireNonNull(factory.create(this), "PollerFactory.create returned null");
        this.inbox = new MpscTaskQueue(options.maxPendingTasks(), poller, name);
        // Uncounted: poll() adds the tasks a drain ran, once per drain, not once per task.
        this.taskRunner = inbox.isBounded() ? this::takeAndInvoke : this::invokeUncounted;
        // a virtual clock's loop must not depend on real time
        this.idle = new SpinBeforeSleep(clock, inbox, options.spinBeforeSleep(), clock == LoopClock.system());
        this.utilization = new Utilization(clock);
        updateTime();
        if (inLoop()) {
            OWNED.set(this); // EventLoop.current() on the owner thread; the latest loop wins
        }
    }

    /** The loop the calling thread owns, if it has not terminated. */
    static CoreEventLoop owned() {
        return OWNED.get();
    }

    // ================================================================ one iteration (EventLoop's Javadoc, steps 1-7)

    /**
     * Steps 3-6 of an iteration, then steps 1, 2 and 7 of the next: the body of libuv's
     * {@code uv_run} since 1.45 (Node 20), which runs the timers at the end of an iteration and
     * asks whether the loop is alive right after them, not after the close callbacks. So a poll
     * that slept until the next timer runs it in the same call (UV_RUN_ONCE makes progress), and a
     * loop that the timers leave with nothing referenced stops before another check phase.
     * Loop thread only.
     */
    private boolean iterate(Mode mode) {
        runPending();                    // 3
        poll(mode != Mode.NOWAIT);       // 4, then executed tasks
        runChecks();                     // 5
        runClosing();                    // 6
        return timersStep();
    }

    /** Steps 1, 2 and 7: the time, the due timers, then whether the loop is alive. */
    private boolean timersStep() {
        if ((++iteration & 1023) == 0) {
            noticeRecorder(); // a loop that never waits looks too
        }
        updateTime();                    // 1
        runTimers();                     // 2
        return isAlive();                // 7
    }

    /** Step 2: every timer due at the cached now ({@link TimersPhase}). */
    private void runTimers() {
        phase = Phase.TIMERS;
        timersPhase.run();
    }

    /** Step 3: callbacks deferred by the poller during the previous iteration. */
    private void runPending() {
        phase = Phase.PENDING;
        for (int n = pending.size(); n > 0; n--) {
            invoke(pending.pollFirst());
        }
    }

    /** Step 4: block in the poller, then run executed tasks. */
    private void poll(boolean mayBlock) {
        phase = Phase.POLL;
        long timeout = mayBlock ? pollTimeoutNanos() : 0;
        boolean waits = timeout != 0;
        if (waits) {
            utilization.idleStarted(); // the spin and the blocking poll are waiting for work
        }
        if (timeout != 0 && idle.spinForSubmission(timeout)) {
            timeout = 0;
        }
        boolean announced = timeout != 0;
        if (announced) {
            noticeRecorder(); // about to block (a system call): a look at JFR costs nothing beside it
            inbox.prepareToSleep();
            // ordering: volatile reads after prepareToSleep's volatile write; stop() and close()
            // write their flag before waking, so either we see the flag or they see SLEEPING.
            if (!inbox.isEmpty() || stopRequested || inbox.isClosed()) {
                timeout = 0; // a submission raced with the decision to sleep
            }
        }
        long slept = idle.sleepBegins(timeout);
        poller.poll(timeout);
        if (waits) {
            utilization.idleEnded();
        }
        if (announced) {
            inbox.awake(); // also after an aborted sleep, or producers would keep paying for wake-ups
        }
        idle.sleepEnded(slept);
        if (timeout != 0) {
            updateTime();
            if (Thread.interrupted()) {
                interrupted = true; // restored when run() returns; a set flag would make park spin
            }
        }
        // Tasks the loop thread executes, those these add included, run in this pass up to the
        // budget (as Netty's runAllTasks runs tasks added meanwhile): a chain of them runs at the
        // speed of a task, not of an iteration. The budget keeps timers and immediates fed.
        for (int n = 0; n < TASK_BUDGET && !localTasks.isEmpty(); n++) {
            invoke(localTasks.pollFirst());
        }
        int ran = inbox.drain(taskRunner, TASK_BUDGET);
        crossThreadTasks += ran;
        callbacks[Phase.POLL.ordinal()] += ran;
        idle.drained(ran);
    }

    /** Step 5: the immediates queued before this phase began ({@link CheckPhase}). */
    private void runChecks() {
        phase = Phase.CHECK;
        checkPhase.run();
    }

    /**
     * Step 6: close callbacks of handles closed before this phase began; handles closed by these
     * callbacks wait for the next iteration, as in libuv's {@code uv__run_closing_handles}.
     */
    private void runClosing() {
        phase = Phase.CLOSE;
        for (int n = closing.size(); n > 0; n--) {
            invoke(closing.pollFirst());
        }
    }

    /** Step 7, libuv's {@code uv__loop_alive} plus queued tasks, so none waits for a later run. */
    private boolean isAlive() {
        return refs > 0 || immediates.hasRefed() || requests > 0 || !closing.isEmpty() || !pending.isEmpty()
                || !localTasks.isEmpty() || !inbox.isEmpty();
    }

    /** libuv's {@code uv_backend_timeout}, in nanoseconds. */
    private long pollTimeoutNanos() {
        if (stopRequested || inbox.isClosed() || immediates.hasRefed() || !closing.isEmpty()
                || !pending.isEmpty() || !localTasks.isEmpty()) {
            return 0;
        }
        if (refs == 0 && requests == 0) {
            return 0;
        }
        long next = timers.wake();
        if (next == TimerQueue.NONE) {
            return Poller.INFINITE;
        }
        long millis = next - now;
        return millis <= 0 ? 0 : millis * 1_000_000L;
    }

    // ================================================================ running

    @Override
    public void run() {
        runLoop(null, Mode.DEFAULT);
    }

    @Override
    public void run(Runnable entry) {
        Objects.requireNonNull(entry, "entry");
        runLoop(entry, Mode.DEFAULT);
    }

    @Override
    public boolean runOnce() {
        return runLoop(null, Mode.ONCE);
    }

    @Override
    public boolean runNowait() {
        return runLoop(null, Mode.NOWAIT);
    }

    private enum Mode { DEFAULT, ONCE, NOWAIT }

    /** One libuv {@code uv_run}: the iterations while the loop is alive (one for ONCE and NOWAIT). */
    private boolean runIterations(Mode mode) {
        boolean alive = isAlive();
        if (mode == Mode.DEFAULT && alive && !stopRequested && !inbox.isClosed()) {
            // libuv runs the due timers once before its first iteration, and enters that
            // iteration on the answer it had before them: its poll and check phases run even
            // if these timers left nothing referenced (an unreferenced immediate still runs)
            timersStep();
        }
        while (alive && !stopRequested && !inbox.isClosed()) {
            alive = iterate(mode);
            if (mode != Mode.DEFAULT) {
                break;
            }
        }
        return alive;
    }

    /**
     * Node's {@code process.on('exit')}: the listeners run synchronously, and nothing drains after
     * them; what they schedule waits for a later {@code run()}. One that throws is reported as any
     * callback's error.
     */
    private void emitExit() {
        phase = Phase.MAIN;
        try {
            events.emit(EXIT);
        } catch (Throwable t) {
            report(t);
        }
    }

    private boolean runLoop(Runnable entry, Mode mode) {
        checkLoopThread("run()");
        if (running) {
            throw new IllegalStateException("run() was re-entered from inside a callback of loop '" + name
                    + "'; schedule more work with setImmediate/execute instead of running the loop again");
        }
        if (terminated) {
            throw new RejectedExecutionException("Loop '" + name + "' is closed; create a new one");
        }
        running = true;
        utilization.runStarted();
        try {
            phase = Phase.MAIN;
            updateTime(); // timers the entry sets count from now, not from the loop's creation
            if (inbox.isClosed()) {
                throwIfFailed(closeNow(null)); // closed by another thread while idle: close now
                return false;
            }
            if (entry != null) {
                invoke(entry);
            } else {
                drain(); // nextTicks and microtasks queued on this thread before run()
            }
            boolean alive;
            // Node's SpinEventLoop: uv_run until the loop runs out of work, then beforeExit, whose
            // listeners may give it more, and uv_run again while they do; exit once at the end.
            for (;;) {
                alive = runIterations(mode);
                if (alive || mode != Mode.DEFAULT || stopRequested || inbox.isClosed()) {
                    break;
                }
                phase = Phase.MAIN;
                invoke(() -> events.emit(BEFORE_EXIT));
                if (!isAlive()) {
                    break;
                }
            }
            if (mode == Mode.DEFAULT && !alive && !stopRequested && !inbox.isClosed()) {
                emitExit();
            }
            stopRequested = false; // ordering: volatile; a stop() racing with this return applies to the next run
            if (inbox.isClosed()) {
                throwIfFailed(closeNow(null));
                return false;
            }
            return alive;
        } catch (FatalUnwind fatal) {
            throw closeNow(fatal.getCause());
        } finally {
            running = false;
            utilization.runEnded();
            phase = Phase.MAIN; // between runs the loop is in no phase
            if (interrupted) {
                interrupted = false;
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void stop() {
        stopRequested = true; // ordering: volatile write before wake()'s CAS; pairs with poll()'s re-check
        inbox.wake();
    }

    @Override
    public void close() {
        inbox.close(); // the first call, from any thread, marks the loop closed
        // The owner thread, while the loop is not running, closes it now: also when another
        // thread's call marked it first, which would otherwise wait for a run() that may never come.
        if (inLoop() && !running && !terminated) {
            running = true; // a task run by the close must not re-enter run()
            try {
                throwIfFailed(closeNow(null));
            } finally {
                running = false;
            }
        }
        // Running: the loop sees the flag after the current callback. Not running on another
        // thread: the owner's next run() closes it.
    }

    /**
     * Closes the loop on its thread: runs the tasks it accepted (or, after a fatal error, hands them
     * back in the exception), drops timers and immediates, runs close callbacks, releases the
     * poller. Returns the exception run() must throw when {@code failure} is non-null.
     */
    private RuntimeException closeNow(Throwable failure) {
        if (terminated) {
            return null;
        }
        inbox.close();
        if (failure == null) {
            try {
                ticks.drainFully(); // nextTicks and microtasks already queued still run
            } catch (FatalUnwind fatal) {
                failure = fatal.getCause();
            }
        }
        List<Runnable> accepted = new ArrayList<>(localTasks);
        localTasks.clear();
        accepted.addAll(inbox.closeAndDrain());
        List<Runnable> unrun = List.of();
        if (failure == null) {
            phase = Phase.POLL;
            for (int i = 0; i < accepted.size(); i++) {
                try {
                    invoke(accepted.get(i));
                    if (i == accepted.size() - 1) {
                        ticks.drainFully(); // no later callback would drain what a throw left
                    }
                } catch (FatalUnwind fatal) {
                    failure = fatal.getCause();
                    unrun = List.copyOf(accepted.subList(i + 1, accepted.size()));
                    break;
                }
            }
        } else {
            unrun = accepted;
            ticks.clear();
        }
        for (TimerHandle timer : timers.clear()) {
            timer.cancelForClose();
        }
        immediates.clear();
        refs = 0;
        resources.clear();
        if (failure == null) {
            try {
                while (!closing.isEmpty()) {
                    runClosing(); // close callbacks may close more handles; the loop ends here
                }
                ticks.drainFully();
            } catch (FatalUnwind fatal) {
                failure = fatal.getCause();
            }
        }
        closing.clear();
        pending.clear();
        terminated = true;
        if (watch != null) {
            BlockedLoopDetector.unwatch(watch);
        }
        dev.loop.core.jfr.LoopEvents.forget(this);
        if (inLoop() && OWNED.get() == this) {
            OWNED.remove();
        }
        try {
            poller.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure == null) {
            termination.complete(null);
            return null;
        }
        LoopException error = new LoopException("Loop '" + name + "' stopped: uncaught " + failure + " in the " + phase + " phase"
                + (unrun.isEmpty() ? "" : "; " + unrun.size() + " accepted tasks did not run (see unrunTasks())"),
                failure, unrun);
        termination.completeExceptionally(error);
        if (failure instanceof Error e) {
            throw e; // reported to the handler already; Errors are rethrown as they are
        }
        return error;
    }

    private static void throwIfFailed(RuntimeException failure) {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isClosed() {
        return inbox.isClosed();
    }

    boolean isTerminated() {
        return terminated;
    }

    @Override
    public CompletionStage<Void> termination() {
        return termination.minimalCompletionStage();
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == owner;
    }

    @Override
    public long now() {
        checkLoopThread("now()");
        return now;
    }

    @Override
    public Emitter emitter() {
        checkLoopThread("emitter()");
        return events;
    }

    @Override
    public java.util.Map<String, Integer> activeResources() {
        java.util.Map<String, Integer> active = new java.util.LinkedHashMap<>();
        if (isClosed()) {
            return active; // a closed loop keeps nothing alive (handles closed after it may count below zero)
        }
        resources.addTo(active);
        resources.addTo(active, ResourceKind.IMMEDIATE, immediates.refed());
        resources.addTo(active, ResourceKind.TASK, inbox.size() + localTasks.size());
        return active;
    }

    @Override
    public dev.loop.api.LoopCounters counters() {
        java.util.EnumMap<Phase, Long> byPhase = new java.util.EnumMap<>(Phase.class);
        for (Phase each : Phase.values()) {
            byPhase.put(each, callbacks[each.ordinal()]);
        }
        return new dev.loop.api.LoopCounters(iteration, byPhase, crossThreadTasks, inbox.size());
    }

    @Override
    public LoopUtilization utilization() {
        return utilization.read();
    }

    @Override
    public dev.loop.api.DelayHistogram monitorDelay(java.time.Duration resolution) {
        checkLoopThread("monitorDelay()");
        if (resolution.compareTo(java.time.Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("the resolution of a delay histogram is at least 1 ms (Node's default is 10 ms),"
                    + " not " + resolution);
        }
        DelayMonitor monitor = new DelayMonitor(this, resolution.toMillis());
        newestDelay = monitor;
        return monitor;
    }

    @Override
    public long hrtime() {
        checkLoopThread("hrtime()");
        return clock.nanoTime() - originNanos;
    }

    @Override
    public Phase phase() {
        checkLoopThread("phase()");
        return phase;
    }

    @Override
    public long iteration() {
        checkLoopThread("iteration()");
        return iteration;
    }

    // ================================================================ scheduling

    @Override
    public void nextTick(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        if (inLoop()) {
            checkAccepting(true);
            ticks.nextTick(callback);
        } else {
            inbox.offerOrReject(() -> ticks.nextTick(callback));
        }
    }

    @Override
    public void queueMicrotask(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        if (inLoop()) {
            checkAccepting(true);
            ticks.microtask(callback);
        } else {
            inbox.offerOrReject(() -> ticks.microtask(callback));
        }
    }

    @Override
    public Timeout setTimeout(Runnable callback, long delayMillis) {
        return schedule(callback, delayMillis, false);
    }

    @Override
    public Timeout setInterval(Runnable callback, long periodMillis) {
        return schedule(callback, periodMillis, true);
    }

    private Timeout schedule(Runnable callback, long delayMillis, boolean repeat) {
        Objects.requireNonNull(callback, "callback");
        if (delayMillis < 0 || delayMillis > MAX_DELAY_MILLIS) {
            throw new IllegalArgumentException((repeat ? "period" : "delay") + " must be 0.." + MAX_DELAY_MILLIS
                    + " ms (about 24.8 days), got " + delayMillis);
        }
        TimerHandle timer = new TimerHandle(this, callback, delayMillis, repeat);
        if (inLoop()) {
            checkOpen();
            timer.arm();
        } else {
            inbox.offerOrReject(timer::armIfOpen);
        }
        return timer;
    }

    @Override
    public Immediate setImmediate(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        ImmediateHandle immediate = new ImmediateHandle(this, callback);
        if (inLoop()) {
            checkOpen();
            queueImmediate(immediate);
        } else {
            inbox.offerOrReject(() -> queueImmediate(immediate));
        }
        return immediate;
    }

    private void queueImmediate(ImmediateHandle immediate) {
        assert inLoop() : "loop thread only";
        if (terminated || immediate.isClosed()) {
            return; // closed on the loop thread before this forwarded half ran, or the loop closed
        }
        immediates.add(immediate);
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (inLoop()) {
            checkOpen();
            localTasks.addLast(task);
        } else {
            inbox.offerOrReject(task);
        }
    }

    @Override
    public Handle keepAlive(ResourceKind kind) {
        Objects.requireNonNull(kind, "kind");
        checkLoopThread("keepAlive()");
        checkOpen();
        return new KeepAliveHandle(this, kind);
    }

    // ================================================================ promises

    @Override
    public <T> Promise<T> promise(Consumer<Promise.Resolvers<T>> executor) {
        Objects.requireNonNull(executor, "executor");
        Promise.Resolvers<T> resolvers = withResolvers();
        try {
            executor.accept(resolvers);
        } catch (RuntimeException e) {
            resolvers.reject(e);
        }
        return resolvers.promise();
    }

    @Override
    public <T> Promise.Resolvers<T> withResolvers() {
        checkLoopThread("withResolvers()");
        return new CoreResolvers<>(this, new CorePromise<>(this));
    }

    @Override
    public <T> Promise<T> resolved(T value) {
        checkLoopThread("resolved()");
        CorePromise<T> promise = new CorePromise<>(this);
        promise.resolveValue(value);
        return promise;
    }

    @Override
    public <T> Promise<T> rejected(Throwable reason) {
        Objects.requireNonNull(reason, "reason");
        checkLoopThread("rejected()");
        CorePromise<T> promise = new CorePromise<>(this);
        promise.reject(reason);
        return promise;
    }

    @Override
    public <T> Promise<T> fromStage(CompletionStage<? extends T> stage) {
        Objects.requireNonNull(stage, "stage");
        checkLoopThread("fromStage()");
        checkOpen();
        CorePromise<T> promise = new CorePromise<>(this);
        requestStarted(ResourceKind.COMPLETION_STAGE);
        stage.whenComplete((value, error) -> deliverUnlessClosed(() -> {
            requestFinished(ResourceKind.COMPLETION_STAGE);
            if (error == null) {
                promise.resolveValue(value);
            } else {
                promise.reject(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
        }));
        return promise;
    }

    // ================================================================ errors

    @Override
    public void onUncaughtException(UncaughtErrorHandler handler) {
        checkLoopThread("onUncaughtException()");
        this.handler = handler;
    }

    /**
     * Runs a nextTick or microtask callback: errors are reported, nothing is drained. Returns
     * false if the callback threw.
     */
    boolean runGuarded(Runnable callback) {
        assert inLoop() : "loop thread only";
        try {
            callback.run();
            return true;
        } catch (Throwable t) {
            report(t);
            return false;
        }
    }

    /**
     * Runs a phase callback, then drains nextTicks and microtasks as Node does when a callback
     * returns ({@link #drain}). A callback that throws is not followed by a drain: what it queued
     * waits for the next drain (Node skips the tick queue of a failed callback).
     */
    @Override
    public void invoke(Runnable callback) {
        callbackStarts();
        invokeUncounted(callback);
    }

    /** {@link #invoke} for a caller that counts its callbacks itself, in bulk. */
    private void invokeUncounted(Runnable callback) {
        assert inLoop() : "loop thread only";
        if (!timing) {
            runAndDrain(callback);
            return;
        }
        watchBegins(); // for the detector or JFR: the callback's time, its drain included
        try {
            runAndDrain(callback);
        } finally {
            watchEnds();
        }
    }

    /** Runs a callback, reporting what it throws, then drains the nextTick and microtask queues. */
    private void runAndDrain(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable t) {
            report(t);
            return;
        }
        drain();
    }

    /** Whether JFR is up, and so whether callbacks are to be timed ({@link #timing}). */
    private void noticeRecorder() {
        dev.loop.core.jfr.LoopEvents.noticeRecorder();
        timing = watch != null || dev.loop.core.jfr.LoopEvents.longCallbacks();
    }

    @Override
    public boolean timing() {
        return timing;
    }

    @Override
    public void watchBegins() {
        if (!timing || watchDepth++ > 0) {
            return; // not timed, or a callback invoked from inside another: the outer one is timed
        }
        if (watch != null) {
            watch.begin(phase);
        }
        if (dev.loop.core.jfr.LoopEvents.longCallbacks()) {
            longCallback = new dev.loop.core.jfr.LongCallbackEvent();
            longCallback.begin();
        }
    }

    @Override
    public void watchEnds() {
        if (watchDepth == 0 || --watchDepth > 0) {
            return; // not timed, or the end of a nested callback
        }
        if (watch != null) {
            watch.end();
        }
        dev.loop.core.jfr.LongCallbackEvent event = longCallback;
        if (event != null) {
            longCallback = null;
            event.end();
            if (event.shouldCommit()) {
                event.loop = name;
                event.phase = phase.name();
                event.commit();
            }
        }
    }

    /** The JFR statistics of this loop over the last period ({@link dev.loop.core.jfr.LoopStatisticsEvent}). */
    private void fillStatistics(dev.loop.core.jfr.LoopStatisticsEvent event) {
        LoopUtilization now = utilization.read();
        LoopUtilization before = lastStatistics;
        lastStatistics = now;
        event.loop = name;
        event.utilization = before == null ? now.utilization() : now.since(before).utilization();
        DelayMonitor delay = newestDelay;
        if (delay != null && delay.count() > 0) {
            event.delayP50 = delay.percentile(50);
            event.delayP99 = delay.percentile(99);
            event.delayMax = delay.max();
        }
        event.queueDepth = inbox.size();
        event.activeHandles = refs + requests; // plain reads from the recorder's thread: may lag a little
    }

    @Override
    public void callbackStarts() {
        callbacks[phase.ordinal()]++;
    }

    @Override
    public void callbacksRan(int count) {
        callbacks[phase.ordinal()] += count;
    }

    /** A task taken from a bounded cross-thread queue: its slot is free again, then it runs. */
    private void takeAndInvoke(Runnable task) {
        inbox.taken();
        invokeUncounted(task);
    }

    /**
     * The drain that ends a callback, and ends the timers and check phases: Node's callback scope
     * drains the queues once. If a nextTick throws, the rest waits for the next drain: after the
     * next callback, or at the start of the next check phase ({@link CheckPhase}). Node 20,
     * measured: an I/O callback that was ready runs before the rest of a drain that threw.
     */
    @Override
    public boolean drain() {
        assert inLoop() : "loop thread only";
        return ticks.drain();
    }

    /**
     * Hands an error to the handler; with none, or if it throws, or for an {@link Error}, unwinds
     * to run() so that nothing else runs.
     */
    @Override
    public void report(Throwable error) {
        assert inLoop() : "loop thread only";
        if (error instanceof FatalUnwind unwind) {
            throw unwind;
        }
        UncaughtErrorHandler current = handler;
        if (current == null) {
            throw new FatalUnwind(error);
        }
        try {
            current.uncaught(error, phase);
        } catch (Throwable handlerError) {
            handlerError.addSuppressed(error);
            throw new FatalUnwind(handlerError);
        }
        if (error instanceof Error) {
            throw new FatalUnwind(error);
        }
        if (!terminated && !inbox.isClosed()) {
            // Node queues a no-op immediate after every handled uncaught error (so that what the
            // failed callback left queued runs soon): the next poll does not wait.
            queueImmediate(new ImmediateHandle(this, NO_OP));
        }
    }

    private static final Runnable NO_OP = () -> { };

    // ================================================================ PollerContext

    /** Step 1, and a poller's after it blocked: the clock, read once into the cached now. */
    @Override
    public void updateTime() {
        checkLoopThread("updateTime()");
        updatedNow();
    }

    @Override
    public void deferPending(Runnable callback) {
        assert inLoop() : "loop thread only";
        pending.addLast(Objects.requireNonNull(callback, "callback"));
    }

    @Override
    public void requestStarted(ResourceKind kind) {
        assert inLoop() : "loop thread only";
        requests++;
        resources.add(kind);
    }

    @Override
    public void requestFinished(ResourceKind kind) {
        assert inLoop() : "loop thread only";
        if (requests == 0) {
            throw new IllegalStateException("requestFinished() without a matching requestStarted()");
        }
        requests--;
        resources.remove(kind);
    }

    @Override
    public void offloadStarted(ResourceKind kind) {
        requestStarted(kind);
        idle.replyAwaited();
    }

    @Override
    public void offloadFinished(ResourceKind kind) {
        requestFinished(kind);
        idle.replyArrived();
    }

    @Override
    public LoopClock clock() {
        return clock;
    }

    @Override
    public Thread owner() {
        return owner;
    }

    // ================================================================ for handles and promises

    TimerQueue timers() {
        return timers;
    }

    ImmediateQueue immediates() {
        return immediates;
    }

    TickQueues ticks() {
        return ticks;
    }

    /**
     * Reads the clock into the cached now and returns it: what arming a timer does first, as
     * Node's getLibuvNow() calls uv_update_time, so a timer starts at the time of the call.
     */
    @Override
    public long updatedNow() {
        assert inLoop() : "loop thread only";
        now = (clock.nanoTime() - originNanos) / 1_000_000L;
        return now;
    }

    void addRef(ResourceKind kind) {
        assert inLoop() : "loop thread only";
        refs++;
        resources.add(kind);
    }

    void removeRef(ResourceKind kind) {
        assert inLoop() : "loop thread only";
        refs--;
        resources.remove(kind);
    }

    void closeLater(Runnable closeCallback) {
        assert inLoop() : "loop thread only";
        closing.addLast(closeCallback);
    }

    /**
     * Runs {@code action} on the loop, from another thread, through the cross-thread queue; throws
     * {@link RejectedExecutionException} when the loop is closed or its task bound is reached, as
     * {@link #execute} does.
     */
    void forwardOrReject(Runnable action) {
        inbox.offerOrReject(action);
    }

    /**
     * Hands the loop a task it must not lose (a completion of a request it counts, a handle's close
     * from another thread): on the loop thread it joins the local tasks; from elsewhere it is never
     * refused for room and never waits (see {@link MpscTaskQueue#offerInternal}). Dropped only when
     * the loop has closed, which ends every request and closes every handle anyway.
     *
     * @return false if the loop had closed and the task was dropped
     */
    @Override
    public boolean deliverUnlessClosed(Runnable task) {
        if (inLoop()) {
            if (inbox.isClosed()) {
                return false; // the closing loop has taken its last local tasks, or will run none
            }
            localTasks.addLast(task);
            return true;
        }
        return inbox.offerInternal(task);
    }

    // ================================================================ LoopContext

    @Override
    public EventLoop loop() {
        return this;
    }

    @Override
    public LoopContext.Offer offer(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (inLoop()) {
            if (inbox.isClosed()) {
                return LoopContext.Offer.CLOSED;
            }
            localTasks.addLast(task);
            return LoopContext.Offer.ACCEPTED;
        }
        return inbox.tryOffer(task);
    }

    void checkLoopThread(String method) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(method + " must be called on the thread that owns loop '" + name + "' ("
                    + owner.getName() + "), not on " + Thread.currentThread().getName()
                    + "; hand the work to the loop with execute(...)");
        }
    }

    /** Throws {@link RejectedExecutionException} once close() was called. */
    void checkOpen() {
        checkAccepting(false);
    }

    /**
     * Throws {@link RejectedExecutionException} when the loop accepts no more callbacks of a kind:
     * after close() for most; after it terminated for nextTicks and microtasks, which a closing
     * loop still drains.
     */
    private void checkAccepting(boolean drainedWhileClosing) {
        if (drainedWhileClosing ? terminated : inbox.isClosed()) {
            throw new RejectedExecutionException("Loop '" + name + "' is closed; it accepts no more callbacks");
        }
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + ", owner=" + owner.getName() + (isClosed() ? ", closed" : "") + "]";
    }
}
