package dev.loop.io;

import dev.loop.api.LoopOptions;
import java.util.Objects;

/**
 * How {@link Io#create(IoOptions)} builds a loop with I/O: the loop's own options, which backend,
 * and the work pool (libuv's threadpool). Immutable; each {@code with} method returns a copy.
 *
 * @param loop the loop's options (its poller is replaced by the backend)
 * @param backend the backend's name, or null for the best available one
 * @param workThreads the work pool's threads (libuv's default is 4)
 * @param workQueueLimit the most tasks that may wait for a pool thread
 * @param whenWorkQueueFull what {@link Work#offload} does when the queue is full
 * @param virtualWorkThreads whether pool tasks run on virtual threads (then {@code workThreads}
 *     bounds how many run at once)
 * @param hostResolver resolves host names, on the work pool ({@link Net#lookup})
 */
public record IoOptions(LoopOptions loop, String backend, int workThreads, int workQueueLimit,
                        WorkQueueFull whenWorkQueueFull, boolean virtualWorkThreads, HostResolver hostResolver) {

    /** The system property that names the backend when the options do not: {@value}. */
    public static final String BACKEND_PROPERTY = "dev.loop.io.backend";

    /** What {@link Work#offload} does when the work queue is full. */
    public enum WorkQueueFull {
        /** The returned promise is rejected with {@link java.util.concurrent.RejectedExecutionException}. */
        REJECT,
        /** The work runs at once on the loop thread, which slows down whoever floods the pool. */
        RUN_ON_LOOP
    }

    /** Checks the values. */
    public IoOptions {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(whenWorkQueueFull, "whenWorkQueueFull");
        Objects.requireNonNull(hostResolver, "hostResolver");
        if (workThreads < 1 || workThreads > 1024) {
            throw new IllegalArgumentException("workThreads must be 1..1024 (libuv allows up to 1024), got " + workThreads);
        }
        if (workQueueLimit < 1) {
            throw new IllegalArgumentException("workQueueLimit must be at least 1, got " + workQueueLimit);
        }
    }

    /**
     * The defaults: the loop's defaults, the best available backend (or the one the system
     * property {@value #BACKEND_PROPERTY} names), 4 platform work threads, 65,536 queued tasks at
     * most, rejecting beyond that, and the system's host name resolver.
     *
     * @return the defaults
     */
    public static IoOptions defaults() {
        return new IoOptions(LoopOptions.defaults(), null, 4, 65_536, WorkQueueFull.REJECT, false, HostResolver.system());
    }

    /**
     * With other loop options.
     *
     * @param loopOptions the loop's options
     * @return a copy
     */
    public IoOptions withLoop(LoopOptions loopOptions) {
        return new IoOptions(loopOptions, backend, workThreads, workQueueLimit, whenWorkQueueFull, virtualWorkThreads, hostResolver);
    }

    /**
     * With a named backend, such as {@code nio}.
     *
     * @param name the backend's name
     * @return a copy
     */
    public IoOptions withBackend(String name) {
        return new IoOptions(loop, Objects.requireNonNull(name, "name"), workThreads, workQueueLimit, whenWorkQueueFull, virtualWorkThreads, hostResolver);
    }

    /**
     * With a work pool of {@code threads} threads.
     *
     * @param threads 1..1024
     * @return a copy
     */
    public IoOptions withWorkThreads(int threads) {
        return new IoOptions(loop, backend, threads, workQueueLimit, whenWorkQueueFull, virtualWorkThreads, hostResolver);
    }

    /**
     * With a work queue of at most {@code limit} waiting tasks, and what to do beyond it.
     *
     * @param limit at least 1
     * @param whenFull what {@link Work#offload} does when it is full
     * @return a copy
     */
    public IoOptions withWorkQueue(int limit, WorkQueueFull whenFull) {
        return new IoOptions(loop, backend, workThreads, limit, whenFull, virtualWorkThreads, hostResolver);
    }

    /**
     * With pool tasks on virtual threads, at most {@link #workThreads()} at once.
     *
     * @param virtual whether to use virtual threads
     * @return a copy
     */
    public IoOptions withVirtualWorkThreads(boolean virtual) {
        return new IoOptions(loop, backend, workThreads, workQueueLimit, whenWorkQueueFull, virtual, hostResolver);
    }

    /**
     * With another host name resolver, such as one that asks a service of your own or one a test
     * controls. It runs on the work pool, so a slow one never holds up the loop.
     *
     * @param resolver the resolver
     * @return a copy
     */
    public IoOptions withHostResolver(HostResolver resolver) {
        return new IoOptions(loop, backend, workThreads, workQueueLimit, whenWorkQueueFull, virtualWorkThreads,
                Objects.requireNonNull(resolver, "resolver"));
    }
}
