package dev.loop.process;

import dev.loop.api.EventLoop;
import dev.loop.process.ipc.ChannelEnd;
import dev.loop.process.ipc.Control;
import dev.loop.process.launch.AotCache;
import dev.loop.process.launch.ChannelDirs;
import dev.loop.process.launch.ChildCommand;
import dev.loop.process.launch.ChildProperties;
import dev.loop.process.launch.Launcher;
import dev.loop.process.spi.IpcTransportProvider;
import dev.loop.spi.LoopContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts child processes, as Node's {@code child_process} does. {@link #fork} starts a child JVM
 * that talks to its parent through a channel of two shared-memory queues.
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
        ChildProcess child = start(loop, options, false);
        child.activate();
        return child;
    }

    /**
     * Starts a child; a pooled one reads nothing and keeps nothing alive until
     * {@link ChildProcess#activate()}.
     */
    static ChildProcess start(EventLoop loop, ForkOptions options, boolean pooled) {
        IpcTransportProvider transport = Transports.choose(options.transport());
        Path directory;
        try {
            directory = ChannelDirs.create();
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the IPC channel's directory in " + ChannelDirs.base() + ": " + e, e);
        }
        AotCache.Plan aot;
        ProcessBuilder builder;
        try {
            // Everything that can refuse bad input (an environment variable's name...) before the
            // channel exists, so that a refusal leaves nothing behind but this directory, deleted.
            aot = options.aotCache()
                    ? AotCache.plan(ChildCommand.build(transport.childJvmArgs(), options.jvmArgs(), options.classPath(),
                            options.module(), options.mainClass(), options.args(), List.of()), ChildCommand.paths(options.classPath()))
                    : new AotCache.None();
            builder = builder(options, transport, directory, aot);
        } catch (RuntimeException e) {
            ChannelDirs.delete(directory);
            throw e;
        }
        ChildProcess child = new ChildProcess(loop, directory, options.detached());
        int number = CHANNELS.incrementAndGet();
        try {
            child.attach(ChannelEnd.open(loop, Control.PARENT, transport, directory, options.queueCapacityBytes(),
                    options.highWaterMarkBytes(), classLoader(), child.events(), "loop-process-channel-" + number, !pooled));
        } catch (IOException | RuntimeException e) {
            ChannelDirs.delete(directory);
            throw new UncheckedIOException("could not create the IPC channel in " + directory + ": " + e,
                    e instanceof IOException io ? io : new IOException(e));
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
            Launcher.startAsync(builder).whenComplete((process, failure) -> {
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
            child.started(Launcher.start(builder));
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
        ForkOptions trainer = options.withAotCache(false).withStdio(Stdio.IGNORE, Stdio.IGNORE)
                .withJvmArgs(concat(options.jvmArgs(), train.trainingArgs()).toArray(String[]::new));
        ChildProcess child = start(loop, trainer, true);
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

    private static ProcessBuilder builder(ForkOptions options, IpcTransportProvider transport, Path directory, AotCache.Plan aot) {
        List<String> properties = List.of(
                "-D" + ChildProperties.CHANNEL + "=" + directory,
                "-D" + ChildProperties.TRANSPORT + "=" + transport.name(),
                "-D" + ChildProperties.CAPACITY + "=" + options.queueCapacityBytes(),
                "-D" + ChildProperties.HIGH_WATER_MARK + "=" + options.highWaterMarkBytes(),
                "-D" + ChildProperties.PARENT + "=" + ProcessHandle.current().pid(),
                "-D" + ChildProperties.DETACHED + "=" + options.detached());
        ProcessBuilder builder = new ProcessBuilder(ChildCommand.build(transport.childJvmArgs(),
                concat(options.jvmArgs(), aot.jvmArgs()), options.classPath(), options.module(), options.mainClass(),
                options.args(), properties));
        if (options.cwd() != null) {
            builder.directory(options.cwd().toFile());
        }
        if (options.env() != null) {
            builder.environment().clear();
            builder.environment().putAll(options.env());
        }
        builder.redirectInput(ProcessBuilder.Redirect.PIPE); // the parent-death pipe: never written
        builder.redirectOutput(redirect(options.stdout()));
        builder.redirectError(redirect(options.stderr()));
        return builder;
    }

    private static ProcessBuilder.Redirect redirect(Stdio stdio) {
        return switch (stdio) {
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case IGNORE -> ProcessBuilder.Redirect.DISCARD;
            case PIPE -> throw new UnsupportedOperationException("Stdio.PIPE is not supported by fork yet");
        };
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ClassLoader.getSystemClassLoader();
    }
}
