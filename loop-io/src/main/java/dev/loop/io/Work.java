package dev.loop.io;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.spi.PollerContext;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

/**
 * Work offload, libuv's {@code uv_queue_work}: blocking or CPU-heavy work runs on the loop's work
 * pool and its result comes back to the loop as a promise.
 *
 * <pre>{@code
 * io.work().offload(() -> hash(bytes)).thenAccept(digest -> log(digest)); // runs on the loop
 * }</pre>
 *
 * <p>Each piece of work in flight keeps the loop alive, like a libuv request. Its promise settles
 * on the loop thread during a poll phase. When the pool's queue is full, the promise is rejected
 * with {@link RejectedExecutionException}, or the work runs on the loop thread at once, as
 * {@link IoOptions#withWorkQueue} chose.
 *
 * <p><b>Thread safety:</b> {@link #offload} is loop-thread only; the work itself runs on a pool
 * thread and must not touch loop-thread-only state.
 */
public final class Work {

    private final EventLoop loop;
    private final PollerContext requests;
    private final WorkPool pool;
    private final IoOptions.WorkQueueFull whenFull;

    Work(EventLoop loop, PollerContext requests, WorkPool pool, IoOptions.WorkQueueFull whenFull) {
        this.loop = loop;
        this.requests = requests;
        this.pool = pool;
        this.whenFull = whenFull;
    }

    /**
     * Runs {@code work} on the work pool.
     *
     * @param work what to run; its exception rejects the promise
     * @param <T> the result type
     * @return a promise of this loop, settled with the work's outcome
     * @throws IllegalStateException if called off the loop thread
     */
    public <T> Promise<T> offload(Callable<? extends T> work) {
        Objects.requireNonNull(work, "work");
        if (!loop.inLoop()) {
            throw new IllegalStateException("Work.offload must be called on the loop's thread; from another thread, "
                    + "use loop.execute(() -> work.offload(...))");
        }
        Promise.Resolvers<T> result = loop.withResolvers();
        requests.requestStarted();
        Runnable task = () -> {
            T value = null;
            Throwable failure = null;
            try {
                value = work.call();
            } catch (Throwable t) {
                failure = t;
            }
            T outcome = value;
            Throwable error = failure;
            Runnable settle = () -> {
                requests.requestFinished();
                if (error == null) {
                    result.resolve(outcome);
                } else {
                    result.reject(error);
                }
            };
            // happens-before: the hand-off publishes the outcome to the loop thread (MPSC queue). A
            // loop that closed while the work ran leaves nobody to settle for.
            requests.deliverUnlessClosed(settle);
        };
        try {
            pool.execute(task);
        } catch (RejectedExecutionException full) {
            requests.requestFinished();
            if (whenFull == IoOptions.WorkQueueFull.RUN_ON_LOOP) {
                try {
                    result.resolve(work.call());
                } catch (Exception e) {
                    result.reject(e);
                }
            } else {
                result.reject(new RejectedExecutionException("The work queue is full (" + pool.queueLimit()
                        + " tasks wait already); raise IoOptions.withWorkQueue, or choose RUN_ON_LOOP", full));
            }
        }
        return result.promise();
    }
}
