package dev.loop.workers;

import dev.loop.api.AbortSignal;
import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
import dev.loop.api.Handle;
import dev.loop.api.LoopException;
import dev.loop.api.LoopUtilization;
import dev.loop.api.Promise;
import dev.loop.api.Registration;
import dev.loop.spi.LoopContext;
import dev.loop.value.DataCloneException;
import dev.loop.value.Serialized;
import dev.loop.value.StructuredClone;
import dev.loop.value.TypedListener;
import dev.loop.workers.jfr.WorkerExitEvent;
import dev.loop.workers.jfr.WorkerStartEvent;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A thread running its own event loop and a {@link WorkerEntry} (Node's {@code Worker} from
 * {@code worker_threads}). The parent talks to it with {@link #postMessage} and hears from it
 * through listeners that run on the parent's loop, in this order: online, then messages (in the
 * order the worker posted them), then error (if the worker failed), then exit. Each event has a
 * constant ({@link #MESSAGE}, {@link #EXIT}, ...), and listeners are added in order
 * ({@link EventSource}); {@link #exited()} is the exit as a promise.
 *
 * <pre>{@code
 * Worker worker = Worker.start(WorkerOptions.defaults().withWorkerData(1), w ->
 *     w.parentPort().postMessage("I am Worker Data " + w.workerData()));
 * worker.onMessage(System.out::println).onExit(code -> System.out.println("exit " + code));
 * }</pre>
 *
 * <p><b>Failures.</b> An exception that escapes the worker's callbacks (with no uncaught-exception
 * handler on its loop) stops the worker's loop, not the parent's: the parent gets an error event
 * and exit code 1. Without an error listener the error is logged as a warning.
 *
 * <p><b>Ending.</b> The worker ends when its loop has nothing left to do, on
 * {@link WorkerContext#exit}, on a failure, or on {@link #terminate()}. Its thread then closes every
 * port and broadcast channel it started, closes its loop and ends; none is left behind. A running
 * worker keeps the parent's loop alive unless {@link #unref()}'d. Worker threads are daemon
 * threads: as in Node, the process does not wait for them.
 *
 * <p><b>Threads:</b> create a worker and use its methods on the parent's loop thread;
 * {@link #postMessage} may be called from any thread.
 */
public final class Worker implements EventSource {

    /** What {@code activeResources()} lists a running worker as. */
    static final dev.loop.api.ResourceKind KIND = dev.loop.api.ResourceKind.of("Worker");

    /** The worker started to run its entry point ({@code 'online'}). */
    public static final Event<Void> ONLINE = Event.named("online");
    /** What the worker posted through its parent port ({@code 'message'}): the parent's copy. */
    public static final Event<Object> MESSAGE = MessageTarget.MESSAGE;
    /** A message from the worker that could not be deserialized here ({@code 'messageerror'}). */
    public static final Event<DataCloneException> MESSAGE_ERROR = MessageTarget.MESSAGE_ERROR;
    /** An uncaught exception stopped the worker ({@code 'error'}); without a listener it is logged. */
    public static final Event<Throwable> ERROR = Event.named("error");
    /**
     * The worker ended ({@code 'exit'}): 0 when its loop ran out of work, the code given to
     * {@link WorkerContext#exit}, or 1 after a failure or {@link #terminate()}.
     */
    public static final Event<Integer> EXIT = Event.named("exit");

    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();
    /** The ports and channels started on the current worker thread and still open, closed when it ends. */
    private static final ThreadLocal<Set<MessageTarget<?>>> STARTED_HERE = new ThreadLocal<>();
    /** The workers started on the current worker thread and not yet exited, terminated when it ends. */
    private static final ThreadLocal<Set<Worker>> CHILDREN = new ThreadLocal<>();

    private static final int RUNNING = 0;
    private static final int TERMINATING = 1;
    private static final int ENDING = 2;

    private final EventLoop parent;
    private final int threadId;
    /** When it was created ({@code System.nanoTime}), for the exit event's lifetime. */
    private final long startedAt;
    private final String name;
    private final Channel channel = new Channel();
    private final Thread thread;
    private final Mailbox.Delivery delivery;
    /** Set by the worker thread once its loop exists; read by terminate(). */
    private volatile EventLoop workerLoop;
    /** Its online event has been handled (the parent's loop thread only). */
    private boolean online;
    /**
     * RUNNING until terminate() (on the parent's thread) or the worker leaving its loop (on its own
     * thread) moves it on, whichever comes first: the winner decides whether the exit code is
     * terminate's 1 or the worker's own, so a late terminate() cannot hide an exit or a failure.
     */
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    // Owned by the parent's loop thread.
    private final Promise.Resolvers<Integer> exited;
    private Handle keepAlive;
    private Integer exitCode;
    private final Emitter events = new Emitter();

    private Worker(EventLoop parent, WorkerOptions options, Serialized workerData, WorkerEntry entry) {
        this.parent = parent;
        this.threadId = IDS.incrementAndGet();
        this.startedAt = System.nanoTime();
        this.name = options.name();
        this.exited = parent.withResolvers();
        this.keepAlive = parent.keepAlive(KIND);
        this.delivery = new Mailbox.Delivery(channel.first, LoopContext.of(parent), this::receive);
        channel.first.attach(delivery);
        String threadName = name.isEmpty() ? "loop-worker-" + threadId : name;
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(
                () -> run(entry, workerData, options.loopOptions().withName(threadName)));
        // A worker's loop spins briefly before sleeping when messages come fast: see WorkerOptions.
    }

    /**
     * Starts a worker with default options.
     *
     * @param entry what the worker runs
     * @return the running worker
     * @throws IllegalStateException off a loop thread
     */
    public static Worker start(WorkerEntry entry) {
        return start(WorkerOptions.defaults(), entry);
    }

    /**
     * Starts a worker: clones {@code workerData} now, then starts the thread.
     *
     * @param options name, data and loop options
     * @param entry what the worker runs
     * @return the running worker
     * @throws DataCloneException if the worker data cannot be cloned; no thread is started
     * @throws IllegalStateException off a loop thread
     */
    public static Worker start(WorkerOptions options, WorkerEntry entry) {
        Objects.requireNonNull(entry, "entry");
        EventLoop parent = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "start a Worker on a loop thread (in a callback, or on the thread that created the parent loop):"
                        + " its events are delivered on that loop"));
        Serialized data = StructuredClone.serialize(options.workerData(), options.transferList());
        Worker worker = new Worker(parent, options, data, entry);
        Set<Worker> siblings = CHILDREN.get();
        if (siblings != null) {
            siblings.add(worker); // started by a worker: ends with it, as in Node
        }
        worker.thread.start();
        if (options.signal() != null) {
            worker.terminateOn(options.signal());
        }
        return worker;
    }

    /** Terminates on the parent's loop when {@code signal} aborts; the listener goes with the exit. */
    private void terminateOn(AbortSignal signal) {
        LoopContext context = LoopContext.of(parent);
        Registration abort = signal.whenAborted(() -> context.deliverUnlessClosed(this::terminate));
        exited.promise().andFinally(abort::close);
    }

    /**
     * This worker's id, unique in the process.
     *
     * @return the id
     */
    public int threadId() {
        return threadId;
    }

    /**
     * The worker's name.
     *
     * @return the name from its options, possibly empty
     */
    public String name() {
        return name;
    }

    /**
     * How busy the worker's loop has been: Node's {@code worker.performance.eventLoopUtilization()},
     * read from the parent. Cumulative since the worker's loop was made; subtract an earlier
     * reading with {@link LoopUtilization#since}. As Node's, all zeros before the worker is online
     * and once it has exited.
     *
     * @return the worker loop's utilisation
     * @throws IllegalStateException off the parent's loop thread
     */
    public LoopUtilization utilization() {
        requireParentThread("utilization");
        EventLoop loop = workerLoop;
        return !online || exitCode != null || loop == null ? LoopUtilization.of(0, 0) : loop.utilization();
    }

    @Override
    public Emitter emitter() {
        requireParentThread("emitter");
        return events;
    }

    /**
     * Adds a listener of {@link #ONLINE}.
     *
     * @param listener the online listener
     * @return this
     */
    public Worker onOnline(Runnable listener) {
        on(ONLINE, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #MESSAGE}.
     *
     * @param listener receives each message's value
     * @return this
     */
    public Worker onMessage(Consumer<Object> listener) {
        on(MESSAGE, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #MESSAGE} for messages of one type: each arrives as a
     * {@code type}, with no cast. A message of another type throws {@link ClassCastException}
     * from the listener, reported as any callback's exception.
     *
     * @param type the messages' type
     * @param listener receives each message
     * @param <T> the type
     * @return this
     */
    public <T> Worker onMessage(Class<T> type, Consumer<? super T> listener) {
        return onMessage(TypedListener.of(type, listener));
    }

    /**
     * Adds a listener of {@link #MESSAGE_ERROR}.
     *
     * @param listener receives the error, which names the path
     * @return this
     */
    public Worker onMessageError(Consumer<DataCloneException> listener) {
        on(MESSAGE_ERROR, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #ERROR}.
     *
     * @param listener receives the exception
     * @return this
     */
    public Worker onError(Consumer<Throwable> listener) {
        on(ERROR, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #EXIT}.
     *
     * @param listener receives the exit code
     * @return this
     */
    public Worker onExit(IntConsumer listener) {
        Objects.requireNonNull(listener, "listener");
        on(EXIT, listener::accept);
        return this;
    }

    /**
     * The worker's exit code, when it has ended: what {@link #EXIT} carries, as a promise (on the
     * parent's loop).
     *
     * @return the promise of the exit code
     */
    public Promise<Integer> exited() {
        return exited.promise();
    }

    /**
     * Posts a structured value to the worker's parent port. Any thread may call it.
     *
     * @param value the message, copied now
     * @throws DataCloneException if the value cannot be cloned; nothing is sent
     * @throws IllegalStateException if the worker has exited or closed its parent port
     */
    public void postMessage(Object value) {
        postMessage(value, List.of());
    }

    /**
     * Posts a structured value to the worker's parent port, moving the objects in
     * {@code transferList}. Any thread may call it.
     *
     * @param value the message, copied now
     * @param transferList what to move
     * @throws DataCloneException if the value cannot be cloned or the transfer list is wrong;
     *     nothing is sent and nothing is detached
     * @throws IllegalStateException if the worker has exited or closed its parent port
     */
    public void postMessage(Object value, Collection<?> transferList) {
        for (Object item : transferList) {
            if (item instanceof MessagePort port && port.channel() == channel) {
                throw Channel.sourcePort(); // the worker's own parent port cannot travel through itself
            }
        }
        channel.post(channel.second, value, transferList);
    }

    /**
     * Stops the worker: closes its loop after the callback in progress and interrupts its thread,
     * which ends a blocking wait such as {@code Atomics.wait}. Calling it again, or after the
     * worker exited, returns the same outcome. A callback that neither returns nor heeds the
     * interrupt cannot be stopped; Java cannot kill a thread.
     *
     * @return a promise of the exit code, 1 if the worker was still running
     */
    public Promise<Integer> terminate() {
        requireParentThread("terminate");
        if (exitCode == null && state.compareAndSet(RUNNING, TERMINATING)) {
            // Dekker with run(): we write the state then read workerLoop; the worker writes
            // workerLoop then reads the state. One of us sees the other; when both do, our close
            // only marks the loop and run()'s own close tears it down. Covered by the jcstress
            // test WorkerTerminateStress (loop-jcstress).
            EventLoop loop = workerLoop;
            if (loop != null) {
                loop.close();
            }
            thread.interrupt();
        }
        return exited.promise();
    }

    /**
     * Lets the worker keep the parent's loop alive again (the default).
     *
     * @return this
     */
    public Worker ref() {
        requireParentThread("ref");
        if (keepAlive == null && exitCode == null) {
            keepAlive = parent.keepAlive(KIND);
        }
        return this;
    }

    /**
     * Lets the parent's loop end while the worker runs; the worker's events are still delivered
     * while the parent's loop runs for other reasons.
     *
     * @return this
     */
    public Worker unref() {
        requireParentThread("unref");
        releaseParent();
        return this;
    }

    /** Records a port or channel started on a worker thread, to close when that thread ends. */
    static void adopt(MessageTarget<?> target) {
        Set<MessageTarget<?>> started = STARTED_HERE.get();
        if (started != null) {
            started.add(target);
        }
    }

    /** Forgets a port or channel that closed or moved away, so a long-lived worker does not keep it. */
    static void forget(MessageTarget<?> target) {
        Set<MessageTarget<?>> started = STARTED_HERE.get();
        if (started != null) {
            started.remove(target);
        }
    }

    // ---------------------------------------------------------------- the worker's thread

    private void run(WorkerEntry entry, Serialized workerData, dev.loop.api.LoopOptions loopOptions) {
        Set<MessageTarget<?>> started = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Worker> children = Collections.newSetFromMap(new IdentityHashMap<>());
        STARTED_HERE.set(started);
        CHILDREN.set(children);
        boolean terminated = false;
        Throwable failure = null;
        WorkerContext[] context = new WorkerContext[1];
        EventLoop loop = null;
        try {
            loop = EventLoop.create(loopOptions);
            workerLoop = loop;
            if (state.get() != TERMINATING) {
                EventLoop own = loop;
                MessagePort parentPort = new MessagePort(channel, channel.second);
                loop.run(() -> {
                    context[0] = new WorkerContext(own, parentPort, workerData.deserialize(), threadId, name);
                    channel.putControl(channel.first, new Control.Online());
                    try {
                        entry.main(context[0]);
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Exception e) {
                        throw new WorkerFailure(e);
                    }
                });
            }
        } catch (LoopException e) {
            failure = e.getCause() instanceof WorkerFailure f ? f.getCause() : e.getCause() != null ? e.getCause() : e;
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            terminated = !state.compareAndSet(RUNNING, ENDING);
            for (Worker child : List.copyOf(children)) {
                child.terminate();
                child.joinQuietly();
            }
            CHILDREN.remove();
            STARTED_HERE.remove();
            for (MessageTarget<?> target : List.copyOf(started)) {
                target.closeForExit();
            }
            channel.close();
            if (loop != null) {
                try {
                    // also when terminate() closed it from the parent's thread: only the owner's
                    // close tears it down (runs what it accepted, releases its poller)
                    loop.close();
                } catch (LoopException e) {
                    failure = failure != null ? failure : e.getCause();
                }
            }
            Thread.interrupted(); // a terminate() that came late must not leak into the exit path
        }
        Integer requested = context[0] != null ? context[0].exitCode() : null;
        int code;
        if (terminated) {
            code = 1;
            failure = null; // the interrupt and close are ours, not the worker's failure
        } else if (failure != null) {
            code = 1;
        } else {
            code = requested != null ? requested : 0;
        }
        if (failure != null) {
            channel.putControl(channel.first, new Control.Failed(failure));
        }
        channel.putControl(channel.first, new Control.Exited(code));
    }

    /** Carries a checked exception from the entry point through the loop. */
    private static final class WorkerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WorkerFailure(Exception cause) {
            super(cause);
        }
    }

    // ---------------------------------------------------------------- the parent's loop thread

    private void receive(Object item) {
        MessageTarget.dispatch(item, events, this, this::control);
    }

    private void control(Control marker) {
        switch (marker) {
            case Control.Online online -> {
                this.online = true;
                WorkerStartEvent event = new WorkerStartEvent();
                if (event.shouldCommit()) {
                    event.workerId = threadId;
                    event.name = name;
                    event.commit();
                }
                events.emit(ONLINE);
            }
            case Control.Failed failed -> {
                if (!events.emit(ERROR, failed.error())) {
                    LOG.log(Level.WARNING, "worker " + threadId + (name.isEmpty() ? "" : " (" + name + ")")
                            + " stopped on an uncaught exception; listen for its errors to handle it", failed.error());
                }
            }
            case Control.Exited exit -> {
                exitCode = exit.code();
                Set<Worker> siblings = CHILDREN.get();
                if (siblings != null) {
                    siblings.remove(this);
                }
                channel.first.detach(delivery);
                releaseParent();
                joinQuietly();
                exited.resolve(exit.code()); // first: its reactions run after this callback, and a throwing listener must not skip it
                WorkerExitEvent event = new WorkerExitEvent();
                if (event.shouldCommit()) {
                    event.workerId = threadId;
                    event.name = name;
                    event.exitCode = exit.code();
                    event.lifetime = System.nanoTime() - startedAt;
                    event.commit();
                }
                events.emit(EXIT, exit.code());
            }
            case Control.Closed closed -> {
                // the parent port closed; the exit event still follows
            }
        }
    }

    /** The exit marker is the thread's last act; wait for the thread itself to be gone. */
    private void joinQuietly() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void releaseParent() {
        if (keepAlive != null) {
            keepAlive.close();
            keepAlive = null;
        }
    }

    private void requireParentThread(String operation) {
        if (!parent.inLoop()) {
            throw new IllegalStateException("Worker." + operation + " must run on the parent's loop thread ("
                    + parent + "), not on " + Thread.currentThread().getName());
        }
    }

    @Override
    public String toString() {
        return "Worker[" + threadId + (name.isEmpty() ? "" : ", " + name) + (exitCode != null ? ", exited " + exitCode : "")
                + "]";
    }
}
