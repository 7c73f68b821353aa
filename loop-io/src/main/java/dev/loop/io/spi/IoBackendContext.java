package dev.loop.io.spi;

import dev.loop.api.ResourceKind;
import dev.loop.spi.PollerContext;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What a loop gives the backend it creates (compare Netty's {@code IoHandlerContext}): the loop's
 * side of the poller contract, and the loop's work pool for the calls that can only block. A
 * backend keeps it, returns it from {@link FileIo#context()}, and so gets every file operation it
 * does not do natively from {@link FileIo}'s defaults, which run the blocking
 * {@code java.nio.file} call through {@link #offload} as libuv runs its file system requests on
 * its threadpool.
 *
 * <pre>{@code
 * public IoBackend create(IoBackendContext context) {
 *     return new RingBackend(context); // its files() overrides readFile, keeps the default copyFile
 * }
 * }</pre>
 *
 * <p><b>Thread safety:</b> loop thread only: the loop's owner thread, which creates the backend
 * and runs the loop.
 */
public interface IoBackendContext {

    /**
     * The loop's side of the poller contract: the backend becomes the loop's poller, runs its
     * completions through {@link PollerContext#invoke} and counts its requests.
     *
     * @return the loop's poller context
     */
    PollerContext loop();

    /**
     * Makes a blocking call on the loop's work pool and hands its outcome to {@code done} as
     * {@link Completion} says: exactly once, on the loop thread, never inside this call; in a poll
     * phase, or in the next pending phase when the pool's queue was full (below). The call counts as a request while it is in flight, so it keeps the loop alive.
     *
     * <p>When the pool's queue is full, {@link dev.loop.io.IoOptions#withWorkQueue} decides:
     * {@code REJECT} fails {@code done} with a {@link java.util.concurrent.RejectedExecutionException}
     * that says how to raise the limit; {@code RUN_ON_LOOP} makes the call at once on the loop
     * thread. Either way {@code done} then runs in the next pending phase.
     *
     * <p><b>Memory consistency effects:</b> actions on the loop thread before this call
     * happen-before the call runs on its pool thread, whose actions happen-before {@code done}
     * runs.
     *
     * @param kind what {@code activeResources()} lists the call as while it is in flight
     *     ({@link IoResourceKinds#FS}, {@link ResourceKind#WORK}...)
     * @param call the blocking call; it runs on a pool thread and must not touch loop-thread-only
     *     state; what it throws fails {@code done}
     * @param done receives the call's result or exception
     * @param <T> the result type
     * @throws IllegalStateException if called off the loop thread
     */
    <T> void offload(ResourceKind kind, Callable<? extends T> call, Completion<? super T> done);

    /**
     * {@link #offload(ResourceKind, Callable, Completion)} of kind {@link ResourceKind#WORK}.
     *
     * @param call the blocking call
     * @param done receives the call's result or exception
     * @param <T> the result type
     * @throws IllegalStateException if called off the loop thread
     */
    default <T> void offload(Callable<? extends T> call, Completion<? super T> done) {
        offload(ResourceKind.WORK, call, done);
    }

    /**
     * Runs {@code call} on {@code pool} and hands its outcome to {@code done} on {@code loop}'s
     * thread, as {@link #offload} does, counting a request of {@code loop} until {@code done} has
     * run: the building block of a context's {@code offload}, for a backend or a test that runs a
     * backend outside {@code Io}. What the call throws fails {@code done}; an {@link Error} is
     * also rethrown on the pool thread, never swallowed. A loop that closed while the call ran
     * leaves nobody to complete.
     *
     * <p><b>Memory consistency effects:</b> actions before this call happen-before the call runs,
     * whose actions happen-before {@code done} runs (the pool's hand-off out, the loop's task
     * queue back).
     *
     * @param pool where the call runs
     * @param loop the loop whose thread runs {@code done}; called on that thread
     * @param kind what the call counts as
     * @param call the blocking call
     * @param done receives the outcome
     * @param <T> the result type
     * @throws RejectedExecutionException if {@code pool} refuses the call;
     *     then nothing is counted and {@code done} never runs
     */
    static <T> void runOn(Executor pool, PollerContext loop, ResourceKind kind, Callable<? extends T> call,
            Completion<? super T> done) {
        loop.offloadStarted(kind);
        try {
            pool.execute(() -> {
                T value = null;
                Throwable failure = null;
                try {
                    value = call.call();
                } catch (Throwable t) {
                    failure = t;
                }
                T result = value;
                Throwable error = failure;
                // happens-before: the loop's task queue publishes the outcome to the loop thread
                loop.deliverUnlessClosed(() -> {
                    loop.offloadFinished(kind);
                    if (error == null) {
                        done.succeeded(result);
                    } else {
                        done.failed(error);
                    }
                });
                if (error instanceof InterruptedException) {
                    Thread.currentThread().interrupt(); // the pool is stopping: let its worker see it
                }
                if (error instanceof Error fatal) {
                    throw fatal;
                }
            });
        } catch (RejectedExecutionException full) {
            loop.offloadFinished(kind);
            throw full;
        }
    }
}
