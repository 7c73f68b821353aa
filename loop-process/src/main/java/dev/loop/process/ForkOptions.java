package dev.loop.process;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Processes#fork} starts: a main class (on the class path, or in a named module), its
 * arguments, and how the child JVM runs. Immutable; each {@code with} method returns a copy.
 *
 * <pre>{@code
 * ForkOptions options = ForkOptions.of(Job.class).withArgs("--fast").withJvmArgs("-Xmx256m");
 * }</pre>
 *
 * <p>By default the child runs the same {@code java}, with the parent's module path and class path,
 * in the parent's working directory and environment, with its standard output and error inherited.
 * Its standard input is not the parent's: it is the pipe through which the child notices that its
 * parent died (see {@link Processes}), so send it data as messages.
 *
 * @param mainClass the binary name of the child's main class
 * @param module the named module that holds it, or null when it is on the class path
 * @param args the arguments of its {@code main}
 * @param jvmArgs extra options for the child JVM, before the main class
 * @param classPath extra class path entries for the child, after the parent's
 * @param env the child's environment variables (replacing the parent's), or null for the parent's
 * @param cwd the child's working directory, or null for the parent's
 * @param stdout where the child's standard output goes
 * @param stderr where the child's standard error goes
 * @param detached whether the child outlives its parent: it starts a session of its own, is not
 *     killed when the parent's loop closes, and does not die with the parent
 * @param transport the name of the transport to use, or null for the best available
 * @param queueCapacityBytes the capacity of each of the channel's two queues (a power of two)
 * @param highWaterMarkBytes pending bytes at which {@link ChildProcess#send} returns false
 * @param aotCache whether children start from a JDK ahead-of-time cache of their classes, made by
 *     a training child on the first fork (see {@link #withAotCache})
 * @param signal aborts the child: it is sent {@code SIGTERM}, and its error event gets an
 *     {@link dev.loop.api.AbortError}; null for none
 * @param restart when a child that crashed is started again by itself; null for never
 */
public record ForkOptions(String mainClass, String module, List<String> args, List<String> jvmArgs, List<Path> classPath,
                          Map<String, String> env, Path cwd, Stdio stdout, Stdio stderr, boolean detached,
                          String transport, long queueCapacityBytes, long highWaterMarkBytes, boolean aotCache,
                          dev.loop.api.AbortSignal signal, RestartPolicy restart) {

    /** The default capacity of each queue: 4 MiB (reserved in {@code /dev/shm} when the child forks). */
    public static final long DEFAULT_QUEUE_CAPACITY = 4L << 20;
    /** The default high-water mark: 1 MiB pending. */
    public static final long DEFAULT_HIGH_WATER_MARK = 1L << 20;

    /** Checks and copies the parts. */
    public ForkOptions {
        Objects.requireNonNull(mainClass, "mainClass");
        if (mainClass.isBlank()) {
            throw new IllegalArgumentException("the main class name is empty; give the binary name, e.g. com.example.Job");
        }
        args = List.copyOf(args);
        jvmArgs = List.copyOf(jvmArgs);
        classPath = List.copyOf(classPath);
        env = env == null ? null : Map.copyOf(env);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (queueCapacityBytes < 4096 || Long.bitCount(queueCapacityBytes) != 1) {
            throw new IllegalArgumentException("queue capacity must be a power of two of at least 4096 bytes: " + queueCapacityBytes);
        }
        if (highWaterMarkBytes < 1) {
            throw new IllegalArgumentException("high-water mark < 1: " + highWaterMarkBytes);
        }
    }

    /** The parts of a copy being made, each starting as this one's. */
    private static final class Parts {
        String mainClass;
        String module;
        List<String> args;
        List<String> jvmArgs;
        List<Path> classPath;
        Map<String, String> env;
        Path cwd;
        Stdio stdout;
        Stdio stderr;
        boolean detached;
        String transport;
        long queueCapacityBytes;
        long highWaterMarkBytes;
        boolean aotCache;
        dev.loop.api.AbortSignal signal;
        RestartPolicy restart;
    }

    /** A copy of these options with {@code change} made to its parts (checked as any options are). */
    private ForkOptions with(java.util.function.Consumer<Parts> change) {
        Parts b = new Parts();
        b.mainClass = mainClass;
        b.module = module;
        b.args = args;
        b.jvmArgs = jvmArgs;
        b.classPath = classPath;
        b.env = env;
        b.cwd = cwd;
        b.stdout = stdout;
        b.stderr = stderr;
        b.detached = detached;
        b.transport = transport;
        b.queueCapacityBytes = queueCapacityBytes;
        b.highWaterMarkBytes = highWaterMarkBytes;
        b.aotCache = aotCache;
        b.signal = signal;
        b.restart = restart;
        change.accept(b);
        return new ForkOptions(b.mainClass, b.module, b.args, b.jvmArgs, b.classPath, b.env, b.cwd, b.stdout, b.stderr,
                b.detached, b.transport, b.queueCapacityBytes, b.highWaterMarkBytes, b.aotCache, b.signal, b.restart);
    }

    /**
     * Options to run {@code mainClass}, from the parent's class path or module path.
     *
     * @param mainClass the child's main class
     * @return the options
     */
    public static ForkOptions of(Class<?> mainClass) {
        Module module = mainClass.getModule();
        return of(mainClass.getName()).withModule(module.isNamed() ? module.getName() : null);
    }

    /**
     * Options to run the class path main class named {@code mainClass}.
     *
     * @param mainClass the binary name of the child's main class
     * @return the options
     */
    public static ForkOptions of(String mainClass) {
        return new ForkOptions(mainClass, null, List.of(), List.of(), List.of(), null, null, Stdio.INHERIT, Stdio.INHERIT,
                false, null, DEFAULT_QUEUE_CAPACITY, DEFAULT_HIGH_WATER_MARK, false, null, null);
    }

    /**
     * These options with the main class in the named module {@code module} (null: on the class path).
     *
     * @param module the module's name
     * @return the copy
     */
    public ForkOptions withModule(String module) {
        return with(b -> b.module = module);
    }

    /**
     * These options with the child's {@code main} arguments.
     *
     * @param args the arguments
     * @return the copy
     */
    public ForkOptions withArgs(String... args) {
        return with(b -> b.args = List.of(args));
    }

    /**
     * These options with extra JVM options for the child ({@code -Xmx256m}).
     *
     * @param jvmArgs the options
     * @return the copy
     */
    public ForkOptions withJvmArgs(String... jvmArgs) {
        return with(b -> b.jvmArgs = List.of(jvmArgs));
    }

    /**
     * These options with extra class path entries for the child, after the parent's.
     *
     * @param entries directories or jars
     * @return the copy
     */
    public ForkOptions withClassPath(Path... entries) {
        return with(b -> b.classPath = List.of(entries));
    }

    /**
     * These options with the child's whole environment (the parent's is not inherited).
     *
     * @param env the variables
     * @return the copy
     */
    public ForkOptions withEnv(Map<String, String> env) {
        return with(b -> b.env = new LinkedHashMap<>(env));
    }

    /**
     * These options with the child's working directory.
     *
     * @param cwd the directory
     * @return the copy
     */
    public ForkOptions withCwd(Path cwd) {
        return with(b -> b.cwd = cwd);
    }

    /**
     * These options with where the child's standard output and error go.
     *
     * @param stdout for standard output
     * @param stderr for standard error
     * @return the copy
     */
    public ForkOptions withStdio(Stdio stdout, Stdio stderr) {
        return with(b -> {
            b.stdout = stdout;
            b.stderr = stderr;
        });
    }

    /**
     * These options with the child detached (see {@link #detached()}).
     *
     * @param detached whether it outlives its parent
     * @return the copy
     */
    public ForkOptions withDetached(boolean detached) {
        return with(b -> b.detached = detached);
    }

    /**
     * These options with a named transport ({@code "ring"}, or a provider's name).
     *
     * @param transport the name
     * @return the copy
     */
    public ForkOptions withTransport(String transport) {
        return with(b -> b.transport = transport);
    }

    /**
     * These options with the capacity of each queue; a message may take up to half of it.
     *
     * @param bytes a power of two of at least 4096
     * @return the copy
     */
    public ForkOptions withQueueCapacity(long bytes) {
        return with(b -> b.queueCapacityBytes = bytes);
    }

    /**
     * These options with children started from a JDK ahead-of-time cache of their classes, which
     * takes about a third off a child's start. The first fork of a given JDK, set of JVM options
     * and jars starts without one, and a training child in the background (your main class once
     * more, with its output discarded, disconnected as soon as it has taken its parent port);
     * later forks use the cache it leaves in {@code ~/.cache/loop-process/aot}
     * ({@code $XDG_CACHE_HOME}, or {@code -Ddev.loop.process.aotCacheDir}). A child with a
     * non-empty directory on its class path or module path cannot use a cache, and starts
     * without.
     *
     * @param aotCache whether to use the cache
     * @return the copy
     */
    public ForkOptions withAotCache(boolean aotCache) {
        return with(b -> b.aotCache = aotCache);
    }

    /**
     * These options with the pending bytes at which {@link ChildProcess#send} returns false.
     *
     * @param bytes at least 1
     * @return the copy
     */
    public ForkOptions withHighWaterMark(long bytes) {
        return with(b -> b.highWaterMarkBytes = bytes);
    }

    /**
     * These options with an abort signal: when it aborts, the child is sent {@code SIGTERM} and
     * its error event gets an {@link dev.loop.api.AbortError} (Node's {@code signal} option).
     *
     * @param signal the signal
     * @return the copy
     */
    public ForkOptions withSignal(dev.loop.api.AbortSignal signal) {
        return with(b -> b.signal = signal);
    }

    /**
     * These options with a restart policy: a child that crashes is respawned by itself, after a
     * backoff, with every message it never acknowledged delivered first (see
     * {@link ChildProcess#respawn()}); each new child is announced by the old one's
     * {@link ChildProcess#RESPAWN} event, so that you can listen to it.
     *
     * @param policy the policy, or null for none
     * @return the copy
     */
    public ForkOptions withRestart(RestartPolicy policy) {
        return with(b -> b.restart = policy);
    }
}
