package dev.loop.core;

import dev.loop.api.Promise;
import java.util.Objects;

/**
 * The resolving functions of one {@link CorePromise}.
 *
 * <p><b>Thread safety:</b> any thread may call them; a call from another thread is forwarded
 * through the loop's cross-thread queue, whose hand-off is the happens-before edge to the
 * reactions.
 */
record CoreResolvers<T>(CoreEventLoop loop, CorePromise<T> promise) implements Promise.Resolvers<T> {

    @Override
    public void resolve(T value) {
        if (loop.inLoop()) {
            promise.resolveValue(value);
        } else {
            loop.forwardOrReject(() -> promise.resolveValue(value));
        }
    }

    @Override
    public void resolveWith(Promise<? extends T> other) {
        Objects.requireNonNull(other, "other");
        if (loop.inLoop()) {
            promise.resolveWith(other);
        } else {
            loop.forwardOrReject(() -> promise.resolveWith(other));
        }
    }

    @Override
    public void reject(Throwable reason) {
        Objects.requireNonNull(reason, "reason");
        if (loop.inLoop()) {
            promise.reject(reason);
        } else {
            loop.forwardOrReject(() -> promise.reject(reason));
        }
    }
}
