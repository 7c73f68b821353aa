package dev.loop.process;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
import dev.loop.api.Handle;
import dev.loop.api.Promise;
import dev.loop.io.ErrnoException;
import dev.loop.process.ipc.ChannelEnd;
import dev.loop.process.jfr.ChildProcessExitEvent;
import dev.loop.process.jfr.ChildProcessSpawnEvent;
import dev.loop.process.launch.ChannelDirs;
import dev.loop.process.launch.NativeProcess;
import dev.loop.process.os.Posix;
import dev.loop.process.os.Signals;
import dev.loop.spi.LoopContext;
import dev.loop.value.DataCloneException;
import dev.loop.value.TypedListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A child process, seen from its parent's loop (Node's {@code ChildProcess}): a forked child JVM
 * ({@link Processes#fork}), with a channel for messages, or a spawned command
 * ({@link Processes#spawn}), with pipes for its standard streams. Its listeners run on the parent's
 * loop, in this order: spawn; then messages, in the order the child sent them; then disconnect
 * (when the channel closes); then exit, once the child has ended and every message it sent has
 * been delivered; then close, once its {@link #stdout()} and {@link #stderr()} pipes have closed
 * too. A child that could not start, or could not run its main class, has an error event, naming
 * why; one that could not start has no exit event, and its close event has minus the error number
 * as its code (-2 for {@code ENOENT}), as in Node. Each event has a constant ({@link #MESSAGE},
 * {@link #EXIT}, ...), and listeners are added in order ({@link EventSource}): the fluent
 * {@code onX} methods add one, {@link #on} and {@link #once} add one and return its registration.
 *
 * <pre>{@code
 * ChildProcess child = Processes.fork(ForkOptions.of(Job.class));
 * child.onMessage(result -> System.out.println("ml_algo executed with " + result));
 * child.send(Map.of("data", List.of(1, 2, 3)));
 * }</pre>
 *
 * <p><b>Liveness.</b> A running child keeps the parent's loop alive until it exits, unless
 * {@link #unref()}'d. When the parent's loop closes, its children that are not detached are killed
 * ({@code SIGKILL}) and their channels removed; the closed loop runs no more of their listeners.
 *
 * <p><b>Threads:</b> use it on the parent's loop thread. A forked child has one channel thread (a
 * daemon platform thread that sleeps on a futex when idle) that reads its messages. Pipes and exits
 * cost no thread per child: one thread per JVM watches them all with {@code epoll}, and the loop
 * reads and writes the pipes itself.
 */
public final class ChildProcess implements EventSource {

    /** What {@code activeResources()} lists a running child as. */
    static final dev.loop.api.ResourceKind KIND = dev.loop.api.ResourceKind.of("ChildProcess");

    /** The child started ({@code 'spawn'}). */
    public static final Event<Void> SPAWN = Event.named("spawn");
    /** A message from the child ({@code 'message'}): the parent's copy. */
    public static final Event<Object> MESSAGE = ChannelListeners.MESSAGE;
    /** A message from the child that could not be decoded here (a record class this JVM lacks...) ({@code 'messageerror'}); without a listener it goes to {@link #ERROR}. */
    public static final Event<DataCloneException> MESSAGE_ERROR = ChannelListeners.MESSAGE_ERROR;
    /** The child could not start or run its main class, or the channel failed ({@code 'error'}); without a listener it is logged as a warning. */
    public static final Event<Throwable> ERROR = Event.named("error");
    /** The channel closed ({@code 'disconnect'}). */
    public static final Event<Void> DISCONNECT = ChannelListeners.DISCONNECT;
    /** After {@link #send} returned false, the child has read enough that pending messages are down to half the high-water mark ({@code 'drain'}). */
    public static final Event<Void> DRAIN = ChannelListeners.DRAIN;
    /** The child ended, with a code or a signal ({@code 'exit'}). */
    public static final Event<ExitStatus> EXIT = Event.named("exit");
    /**
     * A child forked with a {@link RestartPolicy} crashed, and this is the child that replaced it
     * ({@code 'respawn'}, on the crashed child, after its exit event and the backoff): listen to
     * the new child here; it has none of this one's listeners.
     */
    public static final Event<ChildProcess> RESPAWN = Event.named("respawn");
    /** The last event: the child ended and its channel and pipes are gone ({@code 'close'}). */
    public static final Event<ExitStatus> CLOSE = Event.named("close");

    private final EventLoop loop;
    private final LoopContext context;
    /** The channel's directory; null for a spawned command, which has no channel. */
    private final Path directory;
    private final boolean detached;
    /** A forked JVM: its exit codes 129 to 159 are the signals its shutdown hooks ran for. */
    private final boolean jvm;
    private final String spawnfile;
    private final java.util.List<String> spawnargs;
    private final Promise.Resolvers<ExitStatus> exited;
    /** Completes once the channel's files and directory are gone (for tests: any thread may clean up). */
    private final java.util.concurrent.CompletableFuture<Void> cleanedUp = new java.util.concurrent.CompletableFuture<>();

    // Loop thread only.
    private ChannelEnd channel;
    private NativeProcess process;
    /** A forked child's parent-death pipe: never written, closed when the child has exited. */
    private int deathPipe = -1;
    private PipeWriteStream stdin;
    private PipeReadStream stdout;
    private PipeReadStream stderr;
    /** Pipes not yet closed: close waits for them. */
    private int openPipes;
    private boolean closeEmitted;
    private Handle keepAlive;
    private dev.loop.api.Registration abortListener;
    /** Handed to its user: {@link Processes#fork} returns it so, a pool when it hands it out. */
    private boolean active;
    /** It could not start. */
    private boolean failed;
    /** A pool no longer wants it: killed as soon as it has started. */
    private boolean discarded;
    private boolean connected;
    private ExitStatus status;
    /** How it was forked, for {@link #respawn()}; null for a spawned command. */
    private ForkOptions forkOptions;
    /** What the child never acknowledged, taken as it ended (before its channel is released). */
    private ChannelEnd.Unacknowledged leftover;
    /** {@link #respawn()} ran: the leftover went to the new child, whose pid this is; 0 before. */
    private long successorPid;
    /** Signals whose {@code kill} asks the child to end. */
    private static final java.util.Set<String> TERMINATING = java.util.Set.of("SIGTERM", "SIGKILL", "SIGINT", "SIGHUP", "SIGQUIT",
            "SIGABRT");
    /** The parent asked it to end ({@code kill}, {@code disconnect}, an abort): not a crash. */
    private boolean endedByParent;
    /** Restarts in a row before this child, by its {@link RestartPolicy}. */
    private int restartsBefore;
    /** When it started ({@code System.nanoTime}), for the policy's count of restarts in a row. */
    private long startedAt;
    /** Sends its signals: a forked child's shutdown signals wait for its JVM to initialise, and a pool's child's for its process. */
    private final StartupSignals signals;
    private final Emitter events = new Emitter();
    private final ChannelListeners listeners = new ChannelListeners("child", events, this::error, this::disconnected);

    ChildProcess(EventLoop loop, Path directory, boolean detached, String spawnfile, java.util.List<String> spawnargs) {
        this.loop = loop;
        this.context = LoopContext.of(loop);
        this.directory = directory;
        this.detached = detached;
        this.jvm = directory != null;
        this.spawnfile = spawnfile;
        this.spawnargs = java.util.List.copyOf(spawnargs);
        this.exited = loop.withResolvers();
        this.keepAlive = loop.keepAlive(KIND).unref(); // referenced once handed out (activate)
        // Rejected only when the child could not start, which its error event reports: the
        // promise's rejection must not also count as unhandled and end the loop.
        exited.promise().catchError(error -> null);
        this.signals = new StartupSignals(loop, () -> process != null,
                () -> !jvm || channel == null || channel.peerRunning(),
                number -> process != null && !process.exited() && process.signal(number) == 0);
    }

    /** Called by fork once the channel is open, before the process starts. */
    ChannelEnd.Events events() {
        return listeners;
    }

    void attach(ChannelEnd channel) {
        this.channel = channel;
        this.connected = true;
    }

    /** A forked child: how, so that {@link #respawn()} can start another the same way. */
    void forkedWith(ForkOptions options) {
        this.forkOptions = options;
    }

    /** The process started; the exit follows when it ends. Until {@link #activate()} it keeps nothing alive. */
    void started(NativeProcess process) {
        this.process = process;
        this.startedAt = System.nanoTime();
        if (jvm) {
            deathPipe = process.parentEnd(0);
        } else if (process.parentEnd(0) >= 0) {
            stdin = new PipeWriteStream(loop, process.parentEnd(0), "stdin of " + spawnfile, this::pipeClosed);
            openPipes++;
        }
        stdout = readStream(process.parentEnd(1), "stdout");
        stderr = readStream(process.parentEnd(2), "stderr");
        if (active) {
            spawnSoon();
        }
        if (discarded) {
            process.kill();
        }
        LoopChildren.started(loop, this); // before the exit can be seen, so that it is removed
        process.onExit(raw -> { // on the reactor thread
            LoopChildren.exited(loop, this);
            Runnable exit = () -> {
                if (!context.deliverUnlessClosed(() -> context.invoke(() -> exitedNow(raw)))) {
                    // The loop is closing: nobody hears of it, but nothing is left behind, once
                    // the tasks it accepted (which may still send) have run.
                    loop.termination().whenComplete((done, failure) -> cleanUp());
                }
            };
            if (channel == null) {
                exit.run();
                return;
            }
            channel.peerExited();
            // The channel's end (with the last messages) is handed to the loop before threadEnded
            // completes, so the exit task queued after it runs after them.
            channel.threadEnded().whenComplete((v, e) -> exit.run());
        });
    }

    /**
     * Ends the child when {@code signal} aborts: sends {@code killSignal}, and the error event gets
     * an {@link dev.loop.api.AbortError} (Node's {@code signal} option). An abort on another
     * thread is handed to the loop.
     */
    void abortOn(dev.loop.api.AbortSignal signal, String killSignal) {
        if (signal == null) {
            return;
        }
        Runnable abort = () -> {
            if (status != null || closeEmitted) {
                return; // it ended first
            }
            if (!failed && (process == null || !process.exited())) { // null: a pool's child not spawned yet
                endedByParent = true;
                signals.send(Signals.number(killSignal));
            }
            error(new dev.loop.api.AbortError("The operation was aborted", signal.reason()));
        };
        if (signal.aborted()) {
            loop.nextTick(abort); // as Node: after spawn returns
            return;
        }
        abortListener = signal.onAbort(() -> {
            if (loop.inLoop()) {
                abort.run();
            } else {
                context.deliverUnlessClosed(() -> context.invoke(abort));
            }
        });
    }

    private void stopWatchingAbort() {
        if (abortListener != null) {
            abortListener.close();
            abortListener = null;
        }
    }

    private PipeReadStream readStream(int fd, String name) {
        if (fd < 0) {
            return null;
        }
        openPipes++;
        return new PipeReadStream(loop, fd, name + " of " + spawnfile, this::pipeClosed);
    }

    /** The parent's loop has closed (any thread): a child that is not detached is killed. */
    void loopClosed() {
        for (Object pipe : new Object[] {stdin, stdout, stderr}) {
            if (pipe instanceof PipeReadStream read) {
                read.release();
            } else if (pipe instanceof PipeWriteStream write) {
                write.release();
            }
        }
        if (process.exited()) {
            return;
        }
        if (detached) {
            if (channel != null) {
                channel.closeAbruptly(); // it lives on, but its port hears disconnect, as from a closed pipe
            }
        } else {
            process.kill();
        }
    }

    /**
     * The child is handed to its user: it reads its messages (those it sent meanwhile waited in
     * the queue), keeps the loop alive, and its spawn event follows on the next tick.
     */
    void activate() {
        active = true;
        if (channel != null) {
            channel.startReading();
        }
        if (failed) {
            return; // it could not start: error and close follow
        }
        keepAlive.ref(); // also while it is still starting
        if (process != null) {
            spawnSoon();
        }
    }

    /**
     * A pool's waiting child is no longer wanted: killed now, or as soon as it has started; its
     * exit keeps the loop alive until it is handled and its channel removed.
     */
    void discard() {
        discarded = true;
        endedByParent = true; // never handed out: not a crash to restart
        keepAlive.ref();
        if (process != null && status == null && !process.exited()) {
            process.kill();
        }
    }

    private void spawnSoon() {
        loop.nextTick(() -> {
            ChildProcessSpawnEvent event = new ChildProcessSpawnEvent();
            if (event.shouldCommit()) {
                event.pid = pid();
                event.command = spawnfile;
                event.forked = jvm;
                event.commit();
            }
            events.emit(SPAWN);
        });
    }

    /** The JFR event of the exit, if a recording wants it. */
    private void recordExit() {
        ChildProcessExitEvent event = new ChildProcessExitEvent();
        if (event.shouldCommit()) {
            event.pid = pid();
            event.command = spawnfile;
            event.exitCode = status.code() == null ? -1 : status.code();
            event.signal = status.signal();
            event.lifetime = System.nanoTime() - startedAt;
            event.unacknowledged = status.unacknowledged();
            event.commit();
        }
    }

    /**
     * The process started after the loop closed (a pooled child's asynchronous start): nobody will
     * hear of it, so it is killed and its channel removed, on the calling thread.
     */
    void abandon(NativeProcess process) {
        this.process = process;
        this.deathPipe = process.parentEnd(0);
        process.onExit(raw -> {
            channel.peerExited();
            channel.threadEnded().whenComplete((v, e) -> cleanUp());
        });
        process.kill();
    }

    /** Whether the child is running and has taken its parent port (a warm pooled child). */
    boolean warm() {
        return status == null && process != null && channel.peerAttached();
    }

    boolean ended() {
        return status != null || failed;
    }

    /** The process could not start: error, then close, on the next tick. */
    void failedToStart(IOException cause) {
        failed = true;
        signals.exited(); // nothing held is sent, and the control file is not read again
        connected = false;
        if (channel != null) {
            channel.startReading(); // so that its thread runs, and ends
            channel.disconnect();
            channel.peerNeverStarted(); // what waits for it to read (a redelivery, early sends) never will be
        }
        loop.nextTick(() -> {
            if (channel != null) {
                error("the child JVM could not be started: " + cause.getMessage(), cause);
                channel.threadEnded().join();
                leftover = channel.unacknowledged();
            } else {
                error(cause);
            }
            cleanUp();
            stopWatchingAbort();
            // Node reports minus the errno as the code: -2 for ENOENT.
            status = new ExitStatus(cause instanceof ErrnoException errno ? Commands.exitCode(errno) : -2, null);
            closeEmitted = true;
            keepAlive.close();
            events.emit(CLOSE, status);
            exited.reject(cause);
        });
    }

    private void exitedNow(int raw) {
        if (connected) {
            disconnected();
        }
        status = ExitStatus.fromWait(raw, jvm);
        signals.exited();
        if (channel != null) {
            leftover = channel.unacknowledged(); // the control file goes with cleanUp
            status = status.withUnacknowledged(leftover.messages().size());
        }
        stopWatchingAbort();
        String failure = channel == null ? null : channel.childFailure();
        cleanUp();
        keepAlive.close();
        if (failure != null) {
            error(failure, null);
        }
        exited.resolve(status); // its reactions run after this callback
        recordExit();
        try {
            events.emit(EXIT, status);
        } finally { // a throwing exit listener must not cost the restart or the close event
            try {
                restartIfCrashed();
            } finally {
                // As Node: the child's stdin is destroyed, and output nobody reads is drained, so that
                // close can follow once the pipes are empty.
                if (stdin != null) {
                    stdin.childExited();
                }
                for (PipeReadStream pipe : new PipeReadStream[] {stdout, stderr}) {
                    if (pipe != null) {
                        pipe.childExited();
                    }
                }
                maybeClose();
            }
        }
    }

    /** By the {@link RestartPolicy}, after the exit event: a crash is respawned after its backoff. */
    private void restartIfCrashed() {
        RestartPolicy policy = forkOptions == null ? null : forkOptions.restart();
        boolean crashed = status.signal() != null || status.code() != 0;
        if (policy == null || !crashed || !active || endedByParent || successorPid != 0) {
            return; // not a crash of a child its user was handed, or handled already
        }
        boolean stable = System.nanoTime() - startedAt >= policy.resetAfter().toNanos();
        int inARow = stable ? 0 : restartsBefore;
        if (inARow >= policy.maxRestarts()) {
            error(new IllegalStateException("child " + pid() + " crashed (" + status + ") after " + inARow
                    + " restarts in a row, the most its RestartPolicy allows; it is not started again"));
            return;
        }
        loop.setTimeout(() -> {
            if (successorPid != 0 || endedByParent) {
                return; // respawned by hand, or killed or disconnected, during the backoff
            }
            ChildProcess next;
            try {
                next = respawn();
            } catch (RuntimeException e) {
                error(new IllegalStateException("child " + pid() + " crashed (" + status + ") and could not be restarted: "
                        + e.getMessage(), e));
                return;
            }
            next.restartsBefore = inARow + 1;
            events.emit(RESPAWN, next);
        }, policy.backoff(inARow).toMillis());
    }

    private void pipeClosed() {
        openPipes--;
        maybeClose();
    }

    private void maybeClose() {
        if (status != null && openPipes == 0 && !closeEmitted) {
            closeEmitted = true;
            events.emit(CLOSE, status);
        }
    }

    private void cleanUp() {
        if (deathPipe >= 0) {
            Posix.close(deathPipe); // the forked child's parent-death pipe
            deathPipe = -1;
        }
        if (process != null && process.exited()) {
            process.close();
        }
        if (channel != null) {
            channel.release();
            ChannelDirs.delete(directory);
        }
        cleanedUp.complete(null);
    }

    Path directory() {
        return directory;
    }

    java.util.concurrent.CompletableFuture<Void> cleanedUp() {
        return cleanedUp;
    }

    private void disconnected() {
        connected = false;
        listeners.disconnected();
    }

    private void error(String message, Throwable cause) {
        error(new IllegalStateException(message, cause));
    }

    private void error(Throwable error) {
        if (!events.emit(ERROR, error)) {
            System.getLogger(ChildProcess.class.getName()).log(System.Logger.Level.WARNING,
                    "child " + pid() + ": " + error.getMessage(), error.getCause());
        }
    }

    // ================================================================ the API

    /**
     * The messages sent to this forked child that it never acknowledged: those whose message
     * callback had not returned when it died or disconnected. Known once it has exited (the exit
     * event's {@link ExitStatus#unacknowledged()} counts them); empty before, for a spawned
     * command, and after {@link #respawn()} handed them on.
     *
     * @return the parent's copies of those values, oldest first
     */
    public Unacknowledged unacknowledged() {
        checkLoopThread("ChildProcess.unacknowledged");
        if (leftover == null) {
            return Unacknowledged.NONE; // none yet, or handed to the successor
        }
        java.util.List<Object> values = new java.util.ArrayList<>(leftover.messages().size());
        for (byte[] message : leftover.messages()) {
            values.add(dev.loop.value.ValueEncoding.decode(message, Processes.classLoader()));
        }
        return new Unacknowledged(values, leftover.firstMayHaveBeenProcessed());
    }

    /**
     * Starts a new child the way this one was forked, once this one has exited, and delivers to it
     * first, in order, every message this one never acknowledged; what is sent to the new child
     * follows them. Never appends to this child's queues: the messages are copied into the new
     * child's fresh channel, and this child's directory is deleted as usual.
     *
     * <p>The guarantee: every message is processed at least once. A message is processed twice
     * only if it was in its callback when this child died; the new child then receives it first,
     * and its {@link ParentPort#redelivered()} says so during that callback. Call it from this
     * child's exit listener, for example, to keep a stream of work going across crashes.
     *
     * @return the new child, whose spawn event follows; it has none of this one's listeners
     * @throws IllegalStateException if this child has not exited yet (kill it, or wait for its
     *     exit event), was not forked (a spawned command has no messages), or was respawned already
     */
    public ChildProcess respawn() {
        checkLoopThread("ChildProcess.respawn");
        if (forkOptions == null) {
            throw new IllegalStateException("only a forked child can be respawned; " + spawnfile + " was spawned");
        }
        if (status == null) {
            throw new IllegalStateException("child " + pid() + " is still running: respawn() starts its successor once it has"
                    + " exited (call it from the exit listener, or kill() it first)");
        }
        if (successorPid != 0) {
            throw new IllegalStateException("child " + pid() + " was respawned already, as child " + successorPid
                    + "; its unacknowledged messages went there");
        }
        ChildProcess successor = Processes.respawn(loop, forkOptions, leftover);
        successorPid = Math.max(1, successor.pid());
        leftover = null; // the successor has them: this child holds no copies any more
        return successor;
    }

    /**
     * Sends {@code value} to the child, whose port's message listener gets a copy. The value is
     * encoded at once, so later changes to it are not sent.
     *
     * @param value a structured value ({@code dev.loop.value})
     * @return false when the messages the child has not read yet reach the high-water mark: keep
     *     sending if you must (nothing is dropped), or wait for {@link #DRAIN}
     * @throws DataCloneException if the value cannot be sent (the path of the offending part is in
     *     the message); nothing was sent
     * @throws IllegalStateException if the channel is disconnected
     */
    public boolean send(Object value) {
        checkLoopThread("ChildProcess.send");
        return channel().send(value);
    }

    /**
     * Closes the channel: messages sent so far are still delivered to the child, whose port then
     * hears disconnect; no message arrives here after it. The child keeps running. Does nothing
     * if disconnected already.
     */
    public void disconnect() {
        checkLoopThread("ChildProcess.disconnect");
        channel();
        endedByParent = true;
        if (connected && channel.disconnect()) {
            connected = false;
            loop.nextTick(listeners::disconnected);
        }
    }

    /** Disconnects a child nobody was handed (a training child): no event, nothing else. */
    void disconnectQuietly() {
        if (connected) {
            connected = false;
            channel.disconnect();
        }
    }

    /**
     * Sends {@code SIGTERM}.
     *
     * @return whether the signal was sent
     */
    public boolean kill() {
        return kill("SIGTERM");
    }

    /**
     * Sends a signal, by name.
     *
     * <p>A forked child's JVM gets {@code SIGTERM}, {@code SIGINT} or {@code SIGHUP} only once its
     * runtime is initialised: sent earlier, it is held until then (a JVM that receives one while it
     * initialises can fail its start with exit code 1 instead of ending by the signal), and this
     * returns true. An abort signal's kill waits the same way.
     *
     * @param signal {@code "SIGTERM"}, {@code "SIGKILL"}, {@code "SIGUSR1"}...
     * @return whether it was sent (false once the child has exited)
     * @throws IllegalArgumentException for an unknown signal name
     */
    public boolean kill(String signal) {
        checkLoopThread("ChildProcess.kill");
        int number = Signals.number(signal);
        if (TERMINATING.contains(signal)) {
            endedByParent = true; // an exit it asked for is not a crash (a SIGSTOP or SIGUSR1 is no such request)
        }
        // Through the pidfd: never a process that reused the pid after this one was reaped.
        // A pool's child handed out before its process exists (process null) gets it once it does.
        return status == null && !failed && (process == null || !process.exited()) && signals.send(number);
    }

    /**
     * The child's process id.
     *
     * @return the pid; 0 if it could not start, or while a pool's child handed out before its JVM
     *     was spawned is still starting (its spawn event says when it has)
     */
    public long pid() {
        return process == null ? 0 : process.pid();
    }

    /**
     * Whether messages can be sent and received.
     *
     * @return false after a disconnect from either side, or once the child has ended
     */
    public boolean connected() {
        return connected;
    }

    /**
     * The exit code, once the child exited with one.
     *
     * @return the code, or null while running or when a signal ended it
     */
    public Integer exitCode() {
        return status == null ? null : status.code();
    }

    /**
     * The signal that ended the child.
     *
     * @return its name, or null while running or when it exited with a code
     */
    public String signalCode() {
        return status == null ? null : status.signal();
    }

    /**
     * Settles when the child has ended and its exit event has run.
     *
     * @return the exit status; rejected if the child could not start
     */
    public Promise<ExitStatus> exited() {
        return exited.promise();
    }

    /**
     * The child no longer keeps the parent's loop alive.
     *
     * @return this
     */
    public ChildProcess unref() {
        keepAlive.unref();
        return this;
    }

    /**
     * The child keeps the parent's loop alive again until it exits.
     *
     * @return this
     */
    public ChildProcess ref() {
        keepAlive.ref();
        return this;
    }

    /**
     * The child's standard input, when it is a pipe ({@link Stdio#PIPE}; spawned commands only).
     *
     * @return the stream, or null when it is not a pipe, or before the child has started
     */
    public PipeWriteStream stdin() {
        return stdin;
    }

    /**
     * The child's standard output, when it is a pipe ({@link Stdio#PIPE}).
     *
     * @return the stream, or null when it is not a pipe, or before the child has started
     */
    public PipeReadStream stdout() {
        return stdout;
    }

    /**
     * The child's standard error, when it is a pipe ({@link Stdio#PIPE}).
     *
     * @return the stream, or null when it is not a pipe, or before the child has started
     */
    public PipeReadStream stderr() {
        return stderr;
    }

    /**
     * The program that was started: the command as given to spawn, or the {@code java} executable
     * of a forked child.
     *
     * @return the program
     */
    public String spawnfile() {
        return spawnfile;
    }

    /**
     * The child's whole command line, the program first.
     *
     * @return the arguments
     */
    public java.util.List<String> spawnargs() {
        return spawnargs;
    }

    @Override
    public Emitter emitter() {
        checkLoopThread("ChildProcess.emitter");
        return events;
    }

    /**
     * Adds a listener of {@link #SPAWN}.
     *
     * @param listener the listener
     * @return this
     */
    public ChildProcess onSpawn(Runnable listener) {
        on(SPAWN, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #MESSAGE}.
     *
     * @param listener the listener
     * @return this
     */
    public ChildProcess onMessage(Consumer<Object> listener) {
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
    public <T> ChildProcess onMessage(Class<T> type, Consumer<? super T> listener) {
        return onMessage(TypedListener.of(type, listener));
    }

    /**
     * Adds a listener of {@link #MESSAGE_ERROR}.
     *
     * @param listener the listener
     * @return this
     */
    public ChildProcess onMessageError(Consumer<DataCloneException> listener) {
        on(MESSAGE_ERROR, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #ERROR}.
     *
     * @param listener the listener
     * @return this
     */
    public ChildProcess onError(Consumer<Throwable> listener) {
        on(ERROR, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #DISCONNECT}.
     *
     * @param listener the listener
     * @return this
     */
    public ChildProcess onDisconnect(Runnable listener) {
        on(DISCONNECT, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #DRAIN}.
     *
     * @param listener the listener
     * @return this
     */
    public ChildProcess onDrain(Runnable listener) {
        on(DRAIN, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #RESPAWN}: the child that replaced this crashed one.
     *
     * @param listener the listener
     * @return this
     */
    public ChildProcess onRespawn(Consumer<ChildProcess> listener) {
        on(RESPAWN, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #EXIT}.
     *
     * @param listener the listener
     * @return this
     */
    public ChildProcess onExit(Consumer<ExitStatus> listener) {
        on(EXIT, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #CLOSE}.
     *
     * @param listener the listener
     * @return this
     */
    public ChildProcess onClose(Consumer<ExitStatus> listener) {
        on(CLOSE, listener);
        return this;
    }

    @Override
    public String toString() {
        return "ChildProcess[pid " + pid() + (status == null ? "" : ", " + status) + "]";
    }

    ChannelEnd channel() {
        if (channel == null) {
            throw new IllegalStateException("this child has no IPC channel: it was spawned, and only forked children "
                    + "(Processes.fork) have one; talk to it through its stdin and stdout");
        }
        return channel;
    }

    private void checkLoopThread(String method) {
        if (!loop.inLoop()) {
            throw new IllegalStateException(method + " must be called on the parent's loop thread, " + loop);
        }
    }
}
