package dev.loop.process;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.process.ipc.ChannelEnd;
import dev.loop.process.ipc.Control;
import dev.loop.process.launch.AotCache;
import dev.loop.process.launch.ChannelDirs;
import dev.loop.process.launch.ChildCommand;
import dev.loop.process.launch.ChildProperties;
import dev.loop.process.launch.Launcher;
import dev.loop.process.launch.NativeProcess;
import dev.loop.process.spi.IpcTransportProvider;
import dev.loop.spi.LoopContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts child processes, as Node's {@code child_process} does. {@link #fork} starts a child JVM
 * that talks to its parent through a channel of two shared-memory queues; {@link #spawn},
 * {@link #execFile} and {@link #exec} run OS commands.
 *
 * <pre>{@code
 * EventLoop loop = EventLoop.create();
 * loop.run(() -> {
 *     ChildProcess child = Processes.fork(ForkOptions.of(Job.class));
 *     child.onMessage(result -> {
 *         System.out.println("ml_algo executed with " + result);
 *         child.disconnect();
 *     });
 *     child.send(List.of(4, 8, 15, 16, 23, 42));
 * });
 * }</pre>
 *
 * <p><b>The child</b> runs the given main class in a JVM of its own, started with the same
 * {@code java} and, unless told otherwise, the parent's module path and class path. It reaches
 * its parent through {@link ChildContext#parentPort()}.
 *
 * <p><b>Children never outlive their parent by accident.</b> A child that is not detached dies
 * when its parent process dies, however it dies ({@code kill -9} included): it watches its standard
 * input, whose write end only the parent holds, and the kernel's parent-death signal backs that
 * up. It is killed when the parent's loop closes. Its channel's directory (in {@code /dev/shm}) is
 * deleted when it exits, and the directories of parents that died are swept when the next parent
 * forks.
 *
 * <p><b>Warm children.</b> {@link ForkPool} keeps children of one main class started ahead of
 * need, and hands one out in milliseconds instead of a JVM's start.
 *
 * <p><b>Requirements:</b> Linux, and {@code --enable-native-access=dev.loop.process} (the futex
 * that wakes a sleeping reader, and {@code kill(2)}, are FFM calls); children get it from the
 * launcher.
 */
public final class Processes {

    private static final AtomicInteger CHANNELS = new AtomicInteger();

    private Processes() {
    }

    /**
     * Forks a child JVM running {@code options}' main class, connected to this loop. Call it on a
     * loop thread. The child starts on the process module's launcher thread; this call waits for
     * that (a few milliseconds, as Node's {@code fork} does), so {@link ChildProcess#pid()} is
     * known when it returns. If it cannot start, the child's error and close events say why.
     *
     * @param options what to run, and how
     * @return the child, whose spawn event follows
     * @throws IllegalStateException off a loop thread, or when no transport can run here (the
     *     message names the JVM flags to add)
     * @throws UncheckedIOException if the channel cannot be created (a full {@code /dev/shm})
     */
    public static ChildProcess fork(ForkOptions options) {
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "Processes.fork must be called on a loop thread: the child's events run on that loop"));
        ChildProcess child = start(loop, options, false, null);
        child.activate();
        child.abortOn(options.signal(), "SIGTERM");
        return child;
    }

    /**
     * Memory that forked children can share with this process (JavaScript's
     * {@code SharedArrayBuffer}, across processes): a zero-filled buffer in a file in shared memory,
     * in this JVM's 0700 directory beside the channels. Send it to a child in a message and the
     * child's copy maps the same memory; every {@link dev.loop.value.shared.Atomics} operation then
     * works across the processes, {@code wait} and {@code notify} included. It can be posted to
     * workers too. The file is deleted when this loop closes; processes that mapped it keep their
     * mapping until they let go of the buffer.
     *
     * @param byteLength its length, a multiple of 8 from 8 bytes
     * @return the buffer
     * @throws IllegalStateException off a loop thread
     * @throws IllegalArgumentException for a length that is not a positive multiple of 8
     * @throws UncheckedIOException if the file cannot be made (a full {@code /dev/shm})
     */
    public static dev.loop.value.shared.SharedBuffer sharedBuffer(long byteLength) {
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "Processes.sharedBuffer must be called on a loop thread: its file is deleted when that loop closes"));
        return dev.loop.process.shared.SharedBufferFiles.create(loop, byteLength);
    }

    /** A forked child's successor: {@code redeliver} goes into its channel before it starts. */
    static ChildProcess respawn(EventLoop loop, ForkOptions options, ChannelEnd.Unacknowledged redeliver) {
        ChildProcess child = start(loop, options, false, redeliver);
        child.activate();
        child.abortOn(options.signal(), "SIGTERM");
        return child;
    }

    /**
     * Starts a child; a pooled one reads nothing and keeps nothing alive until
     * {@link ChildProcess#activate()}.
     */
    static ChildProcess start(EventLoop loop, ForkOptions options, boolean pooled, ChannelEnd.Unacknowledged redeliver) {
        IpcTransportProvider transport = Transports.choose(options.transport());
        Path directory;
        try {
            directory = ChannelDirs.create();
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the IPC channel's directory in " + ChannelDirs.base() + ": " + e, e);
        }
        AotCache.Plan aot;
        NativeProcess.Request request;
        try {
            // Everything that can refuse bad input (an environment variable's name...) before the
            // channel exists, so that a refusal leaves nothing behind but this directory, deleted.
            aot = options.aotCache()
                    ? AotCache.plan(ChildCommand.build(transport.childJvmArgs(), options.jvmArgs(), options.classPath(),
                            options.module(), options.mainClass(), options.args(), List.of()), ChildCommand.paths(options.classPath()))
                    : new AotCache.None();
            request = request(options, transport, directory, aot);
        } catch (RuntimeException e) {
            ChannelDirs.delete(directory);
            throw e;
        }
        ChildProcess child = new ChildProcess(loop, directory, options.detached(), request.program().toString(),
                request.argv());
        int number = CHANNELS.incrementAndGet();
        try {
            child.attach(ChannelEnd.open(loop, Control.PARENT, transport, directory, options.queueCapacityBytes(),
                    options.highWaterMarkBytes(), classLoader(), child.events(), "loop-process-channel-" + number, !pooled));
        } catch (IOException | RuntimeException e) {
            ChannelDirs.delete(directory);
            throw new UncheckedIOException("could not create the IPC channel in " + directory + ": " + e,
                    e instanceof IOException io ? io : new IOException(e));
        }
        child.forkedWith(options);
        if (redeliver != null) {
            child.channel().redeliver(redeliver); // before the child exists: first in its queue
        }
        if (aot instanceof AotCache.Train train) {
            try {
                train(loop, options, train);
            } catch (RuntimeException e) {
                // No room for the trainer's channel, say: this fork goes on, and later ones try again.
                train.trained();
                System.getLogger(Processes.class.getName()).log(System.Logger.Level.WARNING,
                        "could not start the AOT training child of " + options.mainClass() + ": " + e.getMessage());
            }
        }
        if (pooled) {
            // Nobody waits for a pooled child's pid: the loop goes on while it starts.
            LoopContext context = LoopContext.of(loop);
            Launcher.startAsync(request).whenComplete((process, failure) -> {
                boolean delivered = context.deliverUnlessClosed(() -> {
                    if (process != null) {
                        child.started(process);
                    } else {
                        child.failedToStart(failure instanceof IOException io ? io : new IOException(failure));
                    }
                });
                if (!delivered && process != null) {
                    child.abandon(process);
                }
            });
            return child;
        }
        try {
            child.started(Launcher.start(request));
        } catch (IOException e) {
            child.failedToStart(e);
        }
        return child;
    }

    /**
     * The training child of an AOT cache: the same main class, its output discarded, started in
     * the background and keeping nothing alive; disconnected once its main has taken its parent
     * port, after which its JVM writes the cache as it exits.
     */
    private static void train(EventLoop loop, ForkOptions options, AotCache.Train train) {
        ForkOptions trainer = options.withAotCache(false).withRestart(null).withStdio(Stdio.IGNORE, Stdio.IGNORE)
                .withJvmArgs(concat(options.jvmArgs(), train.trainingArgs()).toArray(String[]::new));
        ChildProcess child = start(loop, trainer, true, null);
        child.cleanedUp().thenRun(train::trained);
        dev.loop.api.Timeout[] check = new dev.loop.api.Timeout[1];
        check[0] = loop.setInterval(() -> {
            if (child.warm()) {
                child.disconnectQuietly();
            }
            if (child.warm() || child.ended()) {
                check[0].close();
            }
        }, 20).unref();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static NativeProcess.Request request(ForkOptions options, IpcTransportProvider transport, Path directory,
                                                 AotCache.Plan aot) {
        List<String> properties = List.of(
                "-D" + ChildProperties.CHANNEL + "=" + directory,
                "-D" + ChildProperties.TRANSPORT + "=" + transport.name(),
                "-D" + ChildProperties.CAPACITY + "=" + options.queueCapacityBytes(),
                "-D" + ChildProperties.HIGH_WATER_MARK + "=" + options.highWaterMarkBytes(),
                "-D" + ChildProperties.PARENT + "=" + ProcessHandle.current().pid(),
                "-D" + ChildProperties.DETACHED + "=" + options.detached());
        List<String> command = ChildCommand.build(transport.childJvmArgs(), concat(options.jvmArgs(), aot.jvmArgs()),
                options.classPath(), options.module(), options.mainClass(), options.args(), properties);
        Commands.checkNoNul("a child JVM's command line", command);
        // Standard input is the parent-death pipe, never written; the child JVM arranges its own
        // parent-death signal and session (ChildMain).
        return new NativeProcess.Request(Path.of(command.get(0)), command, environment(options.env()), options.cwd(),
                new NativeProcess.Fd[] {NativeProcess.Fd.PIPE, fd(options.stdout()), fd(options.stderr())}, false, false);
    }

    private static List<String> environment(java.util.Map<String, String> env) {
        if (env != null) {
            Commands.checkNoNul("an environment variable", List.copyOf(env.keySet()));
            Commands.checkNoNul("an environment variable's value", List.copyOf(env.values()));
            env.keySet().forEach(name -> {
                if (name.isEmpty() || name.indexOf('=') >= 0) {
                    throw new IllegalArgumentException("an environment variable's name must be non-empty and hold no '=': '"
                            + name + "'");
                }
            });
        }
        return NativeProcess.Request.environment(env);
    }

    private static NativeProcess.Fd fd(Stdio stdio) {
        return switch (stdio) {
            case INHERIT -> NativeProcess.Fd.INHERIT;
            case IGNORE -> NativeProcess.Fd.IGNORE;
            case PIPE -> NativeProcess.Fd.PIPE;
        };
    }

    /**
     * Starts {@code command} with {@code args}, its standard streams piped: Node's
     * {@code child_process.spawn(command, args)}. See {@link #spawn(String, List, SpawnOptions)}.
     *
     * @param command the program: a path, or a name looked up on the {@code PATH}
     * @param args its arguments
     * @return the child
     */
    public static ChildProcess spawn(String command, List<String> args) {
        return spawn(command, args, SpawnOptions.defaults());
    }

    /**
     * Starts {@code command} with {@code args}: Node's {@code child_process.spawn}. No shell is
     * involved: each argument reaches the program exactly as given, spaces, quotes, {@code $} and
     * {@code ;} included. Call it on a loop thread; the command starts on the process module's
     * launcher thread, and this call waits for that (well under a millisecond to a few), so
     * {@link ChildProcess#pid()} and the pipes are there when it returns.
     *
     * <p>A command that cannot start is never thrown: the child's error event gets an
     * {@code ErrnoException} ({@code ENOENT} naming the command, or the working directory that
     * does not exist; {@code EACCES} when it is not executable), then close with minus the error
     * number as the code, as in Node.
     *
     * <p>Unless detached, the command dies when this JVM dies, however it dies ({@code kill -9}
     * included): it is started through {@code setpriv --pdeathsig KILL} (util-linux). It is killed
     * ({@code SIGKILL}) when the parent's loop closes.
     *
     * @param command the program: a path (relative to the working directory), or a name looked up
     *     on the child's {@code PATH}
     * @param args its arguments
     * @param options the working directory, environment, standard streams and detachment
     * @return the child, whose spawn event follows
     * @throws IllegalStateException off a loop thread
     * @throws IllegalArgumentException for an empty command, or a NUL character in the command,
     *     an argument or the environment
     */
    public static ChildProcess spawn(String command, List<String> args, SpawnOptions options) {
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "Processes.spawn must be called on a loop thread: the child's events run on that loop"));
        java.util.Objects.requireNonNull(command, "command");
        java.util.Objects.requireNonNull(options, "options");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command is empty: name a program, e.g. \"ls\"");
        }
        List<String> argv = new java.util.ArrayList<>(List.of(command));
        argv.addAll(args);
        Commands.checkNoNul("the command and its arguments", argv);
        List<String> env = environment(options.env());
        ChildProcess child = new ChildProcess(loop, null, options.detached(), command, argv);
        try {
            Path program = Commands.resolve(command, options.env(), options.cwd());
            NativeProcess.Request request = new NativeProcess.Request(program, argv, env, options.cwd(),
                    new NativeProcess.Fd[] {fd(options.stdin()), fd(options.stdout()), fd(options.stderr())},
                    options.detached(), !options.detached());
            try {
                child.started(Launcher.start(request));
            } catch (NativeProcess.StartFailure e) {
                child.failedToStart(Commands.startFailed(e.errno(), command, program));
            }
        } catch (IOException e) {
            child.failedToStart(e);
        }
        child.activate();
        child.abortOn(options.signal(), options.killSignal());
        return child;
    }

    /**
     * Runs {@code file} with {@code args} and collects its output: Node's
     * {@code util.promisify(child_process.execFile)}, with the default {@link ExecOptions}.
     *
     * @param file the program
     * @param args its arguments
     * @return settles when the command has ended
     * @see #execFile(String, List, ExecOptions)
     */
    public static Promise<ExecResult> execFile(String file, List<String> args) {
        return execFile(file, args, ExecOptions.defaults());
    }

    /**
     * Runs {@code file} with {@code args}, no shell involved, and collects its output: Node's
     * {@code util.promisify(child_process.execFile)}. The promise resolves with the output when the
     * command exits with code 0; otherwise it rejects with an {@link ExecException} that carries
     * the code or the signal and the output so far: when the command failed, could not start, ran
     * past {@link ExecOptions#timeout()} or wrote more than {@link ExecOptions#maxBuffer()}
     * bytes to one stream (it is killed with {@link ExecOptions#killSignal()} in the last two
     * cases). Its standard input is empty (Node leaves it open, so that a command that reads it
     * waits forever).
     *
     * @param file the program: a path, or a name looked up on the {@code PATH}
     * @param args its arguments, passed exactly as given
     * @param options the working directory, environment, limits and encoding
     * @return settles when the command has ended
     * @throws IllegalStateException off a loop thread
     */
    public static Promise<ExecResult> execFile(String file, List<String> args, ExecOptions options) {
        List<String> argv = new java.util.ArrayList<>(List.of(file));
        argv.addAll(args);
        return Exec.run(file, args, String.join(" ", argv), options);
    }

    /**
     * Runs {@code command} through {@code /bin/sh -c} and collects its output: Node's
     * {@code util.promisify(child_process.exec)}. This is the only method of this class that uses
     * a shell: the shell interprets the command, so never build it from input you do not control
     * (use {@link #execFile} or {@link #spawn}, which pass arguments unchanged).
     *
     * @param command a shell command line, such as {@code "echo $HOME | wc -c"}
     * @return settles when the command has ended, as {@link #execFile(String, List, ExecOptions)}
     */
    public static Promise<ExecResult> exec(String command) {
        return exec(command, ExecOptions.defaults());
    }

    /**
     * Runs {@code command} through {@code /bin/sh -c}, as {@link #exec(String)}, with options.
     *
     * @param command a shell command line
     * @param options the working directory, environment, limits and encoding
     * @return settles when the command has ended
     */
    public static Promise<ExecResult> exec(String command, ExecOptions options) {
        return Exec.run("/bin/sh", List.of("-c", command), command, options);
    }

    static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ClassLoader.getSystemClassLoader();
    }
}
