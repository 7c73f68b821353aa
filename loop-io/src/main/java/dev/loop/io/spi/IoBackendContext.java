package dev.loop.io.spi;

import dev.loop.spi.PollerContext;
import java.util.concurrent.Callable;

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
     * {@link Completion} says: exactly once, on the loop thread, in a poll phase, never inside this
     * call. The call counts as a request while it is in flight, so it keeps the loop alive.
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
     * @param call the blocking call; it runs on a pool thread and must not touch loop-thread-only
     *     state; what it throws fails {@code done}
     * @param done receives the call's result or exception
     * @param <T> the result type
     * @throws IllegalStateException if called off the loop thread
     */
    <T> void offload(Callable<? extends T> call, Completion<? super T> done);
}
