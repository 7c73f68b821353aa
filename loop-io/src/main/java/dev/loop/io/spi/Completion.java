package dev.loop.io.spi;

import java.util.function.Consumer;

/**
 * Where a backend delivers the outcome of one operation: exactly one of the two methods is called,
 * exactly once, on the loop thread, during the poll phase (through
 * {@link dev.loop.spi.PollerContext#invoke}, or as a task of the loop's cross-thread queue, which
 * the poll phase runs the same way: that is how {@link IoBackendContext#offload}'s come back) or,
 * for an operation that the backend finished or failed at once, in the pending phase of the next
 * iteration (libuv's {@code uv__io_feed}). Never from inside the call that started the operation.
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
     *     {@link dev.loop.io.ErrnoException} by the API) or the unchecked exception that stopped them
     */
    void failed(Throwable error);

    /**
     * A completion made of two handlers.
     *
     * @param onSuccess receives the result
     * @param onFailure receives the error
     * @param <T> the result type
     * @return the completion
     */
    static <T> Completion<T> of(Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        java.util.Objects.requireNonNull(onSuccess, "onSuccess");
        java.util.Objects.requireNonNull(onFailure, "onFailure");
        return new Completion<>() {
            @Override
            public void succeeded(T result) {
                onSuccess.accept(result);
            }

            @Override
            public void failed(Throwable error) {
                onFailure.accept(error);
            }
        };
    }

    /**
     * A completion that ignores both outcomes, for operations whose end nobody waits for (a close
     * after the stream already failed).
     *
     * @param <T> the result type
     * @return the completion
     */
    static <T> Completion<T> ignoring() {
        return of(result -> { }, error -> { });
    }
}
