package dev.loop.io;

import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.api.ResourceKind;
import dev.loop.io.spi.Completion;
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
    private final WorkRequests requests;

    Work(EventLoop loop, WorkRequests requests) {
        this.loop = loop;
        this.requests = requests;
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
        return submit(work);
    }

    /**
     * {@link #offload(Callable)} that {@code signal} can abort: the promise rejects with an
     * {@link AbortError} as soon as the signal aborts. Work still waiting for a pool thread then
     * never runs (libuv's {@code uv_cancel}); work already running is not stopped (Java cannot stop
     * a thread), and its result is dropped. Either way it keeps the loop alive until it is off the
     * pool.
     *
     * @param work what to run
     * @param signal aborts it
     * @param <T> the result type
     * @return a promise of this loop, settled with the work's outcome or the abort
     * @throws IllegalStateException if called off the loop thread
     */
    public <T> Promise<T> offload(Callable<? extends T> work, AbortSignal signal) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(signal, "signal");
        requests.thread().check("Work", "offload");
        if (signal.aborted()) {
            return loop.rejected(AbortError.of(signal));
        }
        Callable<T> unlessAborted = () -> {
            if (signal.aborted()) {
                throw AbortError.of(signal); // cancelled while it waited for a thread
            }
            return work.call();
        };
        return submit(unlessAborted).abortOn(signal);
    }

    private <T> Promise<T> submit(Callable<? extends T> work) {
        Objects.requireNonNull(work, "work");
        requests.thread().check("Work", "offload");
        Promise.Resolvers<T> result = loop.withResolvers();
        try {
            requests.submit(ResourceKind.WORK, work, Completion.of(result::resolve, result::reject));
        } catch (RejectedExecutionException full) {
            if (requests.whenFull() == IoOptions.WorkQueueFull.RUN_ON_LOOP) {
                try {
                    result.resolve(work.call());
                } catch (Exception e) {
                    result.reject(e);
                }
            } else {
                result.reject(requests.queueFull(full));
            }
        }
        return result.promise();
    }
}
