package dev.loop.io;

import dev.loop.api.ResourceKind;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.spi.PollerContext;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

/**
 * A loop's work requests, libuv's {@code uv__work_submit}: a call runs on the work pool, and its
 * outcome comes back to the loop thread through the loop's cross-thread queue, so that it runs in
 * a poll phase as a callback (errors to the uncaught-error handler, the nextTick and microtask
 * queues drained after it). Each request in flight keeps the loop alive. {@link Work#offload}
 * and the default operations of {@link dev.loop.io.spi.FileIo} both go through it, as
 * {@code uv_queue_work} and libuv's file system requests share the threadpool; backends receive it
 * as their {@link IoBackendContext}.
 *
 * <p><b>Thread safety:</b> loop thread only; the submitted calls run on pool threads.
 */
final class WorkRequests implements IoBackendContext {

    /*
     * Implementation overview. Every field is the loop thread's: the request count (through
     * PollerContext) is started before a call is submitted and finished in the task that runs its
     * completion, both on the loop thread, so a request is counted exactly while its call or its
     * completion is pending. A pool thread touches only the call, and hands the outcome and the
     * completion back through LoopContext.deliverUnlessClosed: the loop's task queue is the happens-before edge
     * in both directions (pool.execute out, the queue's offer/drain back), as for any
     * EventLoop.execute. Covered by WorkTest (pool, poll phase, full work queue, full task queue)
     * and FileConformance through FileIo's defaults.
     */

    private final PollerContext loop;
    private final WorkPool pool;
    private final IoOptions.WorkQueueFull whenFull;
    private final LoopThread thread;

    WorkRequests(PollerContext loop, WorkPool pool, IoOptions.WorkQueueFull whenFull, LoopThread thread) {
        this.loop = loop;
        this.pool = pool;
        this.whenFull = whenFull;
        this.thread = thread;
    }

    /** The loop's owner thread, for the checks of loop-thread-only methods. */
    LoopThread thread() {
        return thread;
    }

    /** What to do when the pool's queue is full. */
    IoOptions.WorkQueueFull whenFull() {
        return whenFull;
    }

    @Override
    public PollerContext loop() {
        return loop;
    }

    @Override
    public <T> void offload(ResourceKind kind, Callable<? extends T> call, Completion<? super T> done) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(done, "done");
        thread.check("IoBackendContext", "offload");
        try {
            submit(kind, call, done);
        } catch (RejectedExecutionException full) {
            if (whenFull == IoOptions.WorkQueueFull.RUN_ON_LOOP) {
                T value;
                try {
                    value = call.call();
                } catch (Exception failure) { // an Error propagates, as from any call on the loop thread
                    loop.deferPending(() -> done.failed(failure));
                    return;
                }
                loop.deferPending(() -> done.succeeded(value));
            } else {
                RejectedExecutionException error = queueFull(full);
                loop.deferPending(() -> done.failed(error));
            }
        }
    }

    /**
     * Submits {@code call} to the pool, counted as a request until {@code done} has run on the loop.
     *
     * @throws RejectedExecutionException if the pool's queue is full; then nothing is submitted or
     *     counted
     */
    <T> void submit(ResourceKind kind, Callable<? extends T> call, Completion<? super T> done) {
        assert thread.isCurrent();
        IoBackendContext.runOn(pool, loop, kind, call, done);
    }

    /** The error for a full queue, saying how to make room; {@code cause} is the pool's. */
    RejectedExecutionException queueFull(RejectedExecutionException cause) {
        return new RejectedExecutionException("The work queue is full (" + pool.queueLimit()
                + " tasks wait already); raise IoOptions.withWorkQueue, or choose RUN_ON_LOOP", cause);
    }
}
