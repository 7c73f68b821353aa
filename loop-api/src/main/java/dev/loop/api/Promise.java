package dev.loop.api;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A JavaScript promise bound to one {@link EventLoop}: it settles once, and every reaction runs as a
 * microtask on that loop, never synchronously. A rejected promise with no reaction attached by the
 * end of the nextTick and microtask drain in which it was rejected is reported to the loop's
 * {@link UncaughtErrorHandler} as an {@link UnhandledRejectionException}.
 *
 * <p>JavaScript names that are Java keywords are spelled {@link #catchError} and {@link #andFinally}.
 * {@link #then(Function)} maps a value; {@link #thenCompose} follows a returned promise, with the
 * same number of microtask hops as returning a promise from a JavaScript {@code then}.
 *
 * <pre>{@code
 * loop.run(() -> loop.resolved(20)
 *         .then(n -> n + 1)
 *         .thenCompose(n -> loop.resolved(n * 2))
 *         .thenAccept(System.out::println));   // 42
 * }</pre>
 *
 * <p><b>Thread safety:</b> reactions ({@code then}, {@code thenAccept}, {@code thenCompose},
 * {@code catchError}, {@code andFinally}) and {@link #state()} are loop thread only;
 * {@link #toCompletableFuture()} and the {@link Resolvers} may be used from any thread (calls from
 * other threads are forwarded to the loop).
 *
 * <p><b>Memory consistency effects:</b> actions before a promise is resolved <i>happen-before</i>
 * its reactions run, and before the future from {@link #toCompletableFuture()} completes.
 *
 * @param <T> the value type
 */
public interface Promise<T> {

    /** Where a promise is in its life. Immutable; any thread. */
    enum State {
        /** Not settled yet. */
        PENDING,
        /** Settled with a value. */
        FULFILLED,
        /** Settled with a reason. */
        REJECTED
    }

    /**
     * A pending promise and the functions that settle it. The first call of {@code resolve},
     * {@code resolveWith} or {@code reject} wins; later calls do nothing, as in JavaScript.
     *
     * <p><b>Thread safety:</b> any thread may call the resolving methods; a call from another thread
     * is forwarded to the loop and takes effect in its next poll phase.
     *
     * @param <T> the value type
     */
    interface Resolvers<T> {

        /**
         * The promise these functions settle.
         *
         * @return the promise
         */
        Promise<T> promise();

        /**
         * Fulfils the promise.
         *
         * @param value the value, may be null
         */
        void resolve(T value);

        /**
         * Makes the promise follow {@code other}: it settles as {@code other} does
         * ({@code resolve(thenable)} in JavaScript, two microtask hops later).
         *
         * @param other the promise to follow
         * @throws NullPointerException if {@code other} is null
         */
        void resolveWith(Promise<? extends T> other);

        /**
         * Rejects the promise.
         *
         * @param reason why
         * @throws NullPointerException if {@code reason} is null
         */
        void reject(Throwable reason);
    }

    /**
     * A promise's outcome, as an element of {@link #allSettled}. Immutable; any thread.
     *
     * @param state {@link State#FULFILLED} or {@link State#REJECTED}
     * @param value the value when fulfilled, else null
     * @param reason the reason when rejected, else null
     * @param <T> the value type
     */
    record Settled<T>(State state, T value, Throwable reason) {
    }

    /**
     * The loop this promise belongs to; its reactions run there.
     *
     * @return the owning loop
     */
    EventLoop loop();

    /**
     * Where this promise is. Loop thread only.
     *
     * @return the state
     */
    State state();

    /**
     * Maps the value ({@code then(onFulfilled)}); a rejection passes through. If {@code onFulfilled}
     * throws, the returned promise is rejected with what it threw.
     *
     * @param onFulfilled maps the value
     * @param <U> the new value type
     * @return a promise of the mapped value
     */
    <U> Promise<U> then(Function<? super T, ? extends U> onFulfilled);

    /**
     * {@code then(onFulfilled, onRejected)}: exactly one of the two runs.
     *
     * @param onFulfilled maps the value
     * @param onRejected maps the reason to a value
     * @param <U> the new value type
     * @return a promise of whichever function's result
     */
    <U> Promise<U> then(Function<? super T, ? extends U> onFulfilled, Function<? super Throwable, ? extends U> onRejected);

    /**
     * Consumes the value.
     *
     * @param onFulfilled receives the value
     * @return a promise fulfilled with null once {@code onFulfilled} returns
     */
    Promise<Void> thenAccept(Consumer<? super T> onFulfilled);

    /**
     * Chains a promise-returning step: the returned promise follows the promise that
     * {@code onFulfilled} returns.
     *
     * @param onFulfilled returns the next promise
     * @param <U> the new value type
     * @return a promise that settles as the returned one does
     */
    <U> Promise<U> thenCompose(Function<? super T, ? extends Promise<? extends U>> onFulfilled);

    /**
     * Recovers from a rejection ({@code catch}); a value passes through.
     *
     * @param onRejected maps the reason to a value
     * @return a promise of the value or the recovered value
     */
    Promise<T> catchError(Function<? super Throwable, ? extends T> onRejected);

    /**
     * Runs {@code onFinally} when settled, passing the outcome through ({@code finally}); if
     * {@code onFinally} throws, the returned promise is rejected with that.
     *
     * @param onFinally what to run
     * @return a promise with this promise's outcome
     */
    Promise<T> andFinally(Runnable onFinally);

    /**
     * A promise that settles as this one does, unless {@code signal} aborts first (or has already):
     * then it is rejected with {@link AbortError#of the AbortError} carrying the signal's reason.
     * It does not stop the operation behind this promise; the library's operations that take a
     * signal do that too. Loop thread only; the signal may abort on any thread.
     *
     * @param signal the signal
     * @return the promise
     */
    default Promise<T> abortOn(AbortSignal signal) {
        Objects.requireNonNull(signal, "signal");
        Resolvers<T> result = loop().withResolvers();
        Registration abort = signal.whenAborted(() -> Aborts.onLoop(loop(), () -> result.reject(AbortError.of(signal))));
        then(value -> {
            abort.close();
            result.resolve(value);
            return null;
        }, error -> {
            abort.close();
            result.reject(error);
            return null;
        });
        return result.promise();
    }

    /**
     * A future completed with this promise's outcome. Converting counts as handling a rejection.
     * Dependent stages of the future run on the loop thread unless given their own executor. Any
     * thread may call it; from another thread the subscription reaches the loop in its next poll
     * phase, so a rejection that settles before then is first reported as unhandled.
     *
     * @return a future completed when this promise settles
     */
    CompletableFuture<T> toCompletableFuture();

    // ---------------------------------------------------------------- combinators

    /**
     * {@code Promise.all}: fulfilled with every value, in input order, or rejected with the first
     * reason. Loop thread only.
     *
     * @param loop the loop the result belongs to
     * @param promises the promises to wait for
     * @param <T> the value type
     * @return the combined promise
     */
    static <T> Promise<List<T>> all(EventLoop loop, List<? extends Promise<? extends T>> promises) {
        return Combinators.all(loop, promises);
    }

    /**
     * {@code Promise.allSettled}: fulfilled with every outcome, in input order, once all settle.
     * Loop thread only.
     *
     * @param loop the loop the result belongs to
     * @param promises the promises to wait for
     * @param <T> the value type
     * @return the combined promise
     */
    static <T> Promise<List<Settled<T>>> allSettled(EventLoop loop, List<? extends Promise<? extends T>> promises) {
        return Combinators.allSettled(loop, promises);
    }

    /**
     * {@code Promise.any}: fulfilled with the first value, or rejected with an
     * {@link AggregateException} of every reason. Loop thread only.
     *
     * @param loop the loop the result belongs to
     * @param promises the candidates
     * @param <T> the value type
     * @return the combined promise
     */
    static <T> Promise<T> any(EventLoop loop, List<? extends Promise<? extends T>> promises) {
        return Combinators.any(loop, promises);
    }

    /**
     * {@code Promise.race}: settles as the first input to settle; with no inputs it stays pending,
     * as in JavaScript. Loop thread only.
     *
     * @param loop the loop the result belongs to
     * @param promises the candidates
     * @param <T> the value type
     * @return the combined promise
     */
    static <T> Promise<T> race(EventLoop loop, List<? extends Promise<? extends T>> promises) {
        return Combinators.race(loop, promises);
    }
}
