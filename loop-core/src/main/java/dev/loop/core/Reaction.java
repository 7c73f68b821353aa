package dev.loop.core;

import dev.loop.api.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One reaction of a {@link CorePromise}: the PromiseReactionJob that runs as a microtask once its
 * source settles, and feeds the outcome to a derived promise (or a future). One object serves as
 * the list node, the job and the closure, so a {@code then} costs two allocations: this and the
 * derived promise.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class Reaction<T, U> implements Runnable {

    enum Kind {
        THEN, ACCEPT, COMPOSE, CATCH, FINALLY, ADOPT, FUTURE,
        /** Part of FINALLY: settles derived with the stored outcome (value in onFulfilled, or reason in onRejected). */
        PASS_ON
    }

    private final CorePromise<T> source;
    private final CorePromise<U> derived;
    private final CompletableFuture<T> future;
    private final Kind kind;
    private final Object onFulfilled;
    private final Object onRejected;
    /** Next reaction of the same source while it is pending. */
    Reaction<?, ?> next;

    Reaction(CorePromise<T> source, CorePromise<U> derived, Kind kind, Object onFulfilled, Object onRejected) {
        this.source = source;
        this.derived = derived;
        this.future = null;
        this.kind = kind;
        this.onFulfilled = onFulfilled;
        this.onRejected = onRejected;
    }

    Reaction(CorePromise<T> source, CompletableFuture<T> future) {
        this.source = source;
        this.derived = null;
        this.future = future;
        this.kind = Kind.FUTURE;
        this.onFulfilled = null;
        this.onRejected = null;
    }

    @Override
    @SuppressWarnings("unchecked") // the functions were stored with the types the Promise methods declare
    public void run() {
        boolean fulfilled = source.stateUnchecked() == Promise.State.FULFILLED;
        Object result = source.result();
        try {
            switch (kind) {
                case THEN -> {
                    if (fulfilled) {
                        derived.resolveValue(((Function<Object, Object>) onFulfilled).apply(result));
                    } else if (onRejected != null) {
                        derived.resolveValue(((Function<Throwable, Object>) onRejected).apply((Throwable) result));
                    } else {
                        derived.reject((Throwable) result);
                    }
                }
                case ACCEPT -> {
                    if (fulfilled) {
                        ((Consumer<Object>) onFulfilled).accept(result);
                        derived.resolveValue(null);
                    } else {
                        derived.reject((Throwable) result);
                    }
                }
                case COMPOSE -> {
                    if (fulfilled) {
                        Object next = ((Function<Object, Object>) onFulfilled).apply(result);
                        if (next == null) {
                            throw new NullPointerException("thenCompose function returned null instead of a promise");
                        }
                        derived.resolveWith((Promise<?>) next);
                    } else {
                        derived.reject((Throwable) result);
                    }
                }
                case CATCH -> {
                    if (fulfilled) {
                        derived.resolveValue(result);
                    } else {
                        derived.resolveValue(((Function<Throwable, Object>) onRejected).apply((Throwable) result));
                    }
                }
                case FINALLY -> {
                    // The spec's thenFinally/catchFinally: PromiseResolve(onFinally()).then(() -> outcome),
                    // and the derived promise adopts that: the same microtask hops as JavaScript.
                    ((Runnable) onFulfilled).run();
                    CorePromise<Object> settled = new CorePromise<>(derived.owner());
                    settled.resolveValue(null);
                    CorePromise<Object> passOn = new CorePromise<>(derived.owner());
                    settled.addReaction(new Reaction<>(settled, passOn, Kind.PASS_ON, result, fulfilled ? null : result));
                    derived.resolveWith(passOn);
                }
                case PASS_ON -> {
                    if (onRejected != null) {
                        derived.reject((Throwable) onRejected);
                    } else {
                        derived.resolveValue(onFulfilled);
                    }
                }
                case ADOPT -> derived.settle(fulfilled ? Promise.State.FULFILLED : Promise.State.REJECTED, result);
                case FUTURE -> {
                    if (fulfilled) {
                        future.complete((T) result);
                    } else {
                        future.completeExceptionally((Throwable) result);
                    }
                }
            }
        } catch (Exception e) {
            // JavaScript semantics: what a reaction throws rejects the derived promise. Errors
            // (OutOfMemoryError, AssertionError...) are not caught here: the loop reports them.
            if (derived == null) {
                throw e;
            }
            derived.reject(e);
        }
    }
}
