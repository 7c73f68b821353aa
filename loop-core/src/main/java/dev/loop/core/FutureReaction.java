package dev.loop.core;

import java.util.concurrent.CompletableFuture;

/**
 * Completes a {@link CompletableFuture} with a promise's outcome
 * ({@link dev.loop.api.Promise#toCompletableFuture()}).
 *
 * <p><b>Thread safety:</b> runs on the loop thread; the future's own completion is thread-safe.
 */
final class FutureReaction<T> extends ReactionNode {

    private final CorePromise<T> source;
    private final CompletableFuture<T> future;

    FutureReaction(CorePromise<T> source, CompletableFuture<T> future) {
        this.source = source;
        this.future = future;
    }

    @Override
    @SuppressWarnings("unchecked") // a fulfilled CorePromise<T> holds a T
    public void run() {
        if (source.isFulfilled()) {
            future.complete((T) source.result());
        } else {
            future.completeExceptionally((Throwable) source.result());
        }
    }
}
