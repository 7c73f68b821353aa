package dev.loop.io.spi;

/**
 * Where a backend delivers the outcome of one operation: exactly one of the two methods is called,
 * exactly once, on the loop thread, during the poll phase (through
 * {@link dev.loop.spi.PollerContext#invoke}) or, for an operation that the backend finished or
 * failed at once, in the pending phase of the next iteration (libuv's {@code uv__io_feed}). Never
 * from inside the call that started the operation.
 *
 * @param <T> the result type
 */
public interface Completion<T> {

    /**
     * The operation succeeded.
     *
     * @param result its result
     */
    void succeeded(T result);

    /**
     * The operation failed.
     *
     * @param error why; backends pass {@link java.io.IOException}s (mapped to
     *     {@link dev.loop.io.IoError} by the API) or the unchecked exception that stopped them
     */
    void failed(Throwable error);
}
