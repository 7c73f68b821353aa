package dev.loop.core;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A promise with the ECMAScript algorithm's steps: settle once; reactions queue as microtasks on
 * the owning loop, one job each; resolving with another promise queues a job that subscribes to it
 * (NewPromiseResolveThenableJob), which is where the two extra microtask hops come from.
 *
 * <p><b>Thread safety:</b> loop thread only; {@link #toCompletableFuture()} and the
 * {@link CoreResolvers} forward calls from other threads to the loop.
 */
final class CorePromise<T> implements Promise<T> {

    private final CoreEventLoop loop;
    private State state = State.PENDING;
    /** The value when fulfilled, the Throwable when rejected. */
    private Object result;
    /** Set by the first resolve/reject call; later calls do nothing. */
    private boolean alreadyResolved;
    /** A reaction was attached, or the rejection was reported: never report (again). */
    private boolean handled;
    private Reaction<?, ?> firstReaction;
    private Reaction<?, ?> lastReaction;

    CorePromise(CoreEventLoop loop) {
        this.loop = loop;
    }

    // ---------------------------------------------------------------- resolving functions

    /** The resolve function for a plain value: fulfils; a value is never adopted, even a promise. */
    void resolveValue(Object value) {
        if (alreadyResolved) {
            return;
        }
        alreadyResolved = true;
        settle(State.FULFILLED, value);
    }

    /** The resolve function for a thenable: this promise follows {@code other}. */
    void resolveWith(Promise<?> other) {
        if (alreadyResolved) {
            return;
        }
        alreadyResolved = true;
        follow(other);
    }

    /** The reject function. */
    void reject(Throwable reason) {
        if (alreadyResolved) {
            return;
        }
        alreadyResolved = true;
        settle(State.REJECTED, reason);
    }

    private void follow(Promise<?> other) {
        if (other == this) {
            settle(State.REJECTED, new IllegalArgumentException("Chaining cycle: a promise cannot be resolved with itself"));
            return;
        }
        // NewPromiseResolveThenableJob: subscribe in a microtask of its own.
        loop.ticks().microtask(() -> {
            if (other instanceof CorePromise<?> core && core.loop == loop) {
                core.addReaction(new Reaction<>(core, this, Reaction.Kind.ADOPT, null, null));
            } else {
                other.then(v -> {
                    settle(State.FULFILLED, v);
                    return null;
                }, e -> {
                    settle(State.REJECTED, e);
                    return null;
                });
            }
        });
    }

    /** Settles, ignoring {@link #alreadyResolved}: used by the resolve functions and adoption. */
    void settle(State outcome, Object value) {
        if (state != State.PENDING) {
            return;
        }
        state = outcome;
        result = value;
        alreadyResolved = true;
        Reaction<?, ?> reaction = firstReaction;
        firstReaction = null;
        lastReaction = null;
        if (reaction == null && outcome == State.REJECTED && !handled) {
            loop.ticks().rejectedWithoutHandler(this);
        }
        while (reaction != null) {
            Reaction<?, ?> next = reaction.next;
            reaction.next = null;
            loop.ticks().microtask(reaction);
            reaction = next;
        }
    }

    /** Marks a rejection as handled; returns true if it was not handled before. */
    boolean markHandled() {
        boolean was = handled;
        handled = true;
        return !was;
    }

    CoreEventLoop owner() {
        return loop;
    }

    State stateUnchecked() {
        return state;
    }

    Object result() {
        return result;
    }

    Throwable reason() {
        return (Throwable) result;
    }

    void addReaction(Reaction<?, ?> reaction) {
        handled = true;
        if (state != State.PENDING) {
            loop.ticks().microtask(reaction);
        } else if (lastReaction == null) {
            firstReaction = reaction;
            lastReaction = reaction;
        } else {
            lastReaction.next = reaction;
            lastReaction = reaction;
        }
    }

    private <U> Promise<U> react(Reaction.Kind kind, Object onFulfilled, Object onRejected) {
        loop.checkLoopThread("Promise reactions");
        CorePromise<U> derived = new CorePromise<>(loop);
        addReaction(new Reaction<>(this, derived, kind, onFulfilled, onRejected));
        return derived;
    }

    // ---------------------------------------------------------------- Promise

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public State state() {
        loop.checkLoopThread("Promise.state()");
        return state;
    }

    @Override
    public <U> Promise<U> then(Function<? super T, ? extends U> onFulfilled) {
        Objects.requireNonNull(onFulfilled, "onFulfilled");
        return react(Reaction.Kind.THEN, onFulfilled, null);
    }

    @Override
    public <U> Promise<U> then(Function<? super T, ? extends U> onFulfilled, Function<? super Throwable, ? extends U> onRejected) {
        Objects.requireNonNull(onFulfilled, "onFulfilled");
        Objects.requireNonNull(onRejected, "onRejected");
        return react(Reaction.Kind.THEN, onFulfilled, onRejected);
    }

    @Override
    public Promise<Void> thenAccept(Consumer<? super T> onFulfilled) {
        Objects.requireNonNull(onFulfilled, "onFulfilled");
        return react(Reaction.Kind.ACCEPT, onFulfilled, null);
    }

    @Override
    public <U> Promise<U> thenCompose(Function<? super T, ? extends Promise<? extends U>> onFulfilled) {
        Objects.requireNonNull(onFulfilled, "onFulfilled");
        return react(Reaction.Kind.COMPOSE, onFulfilled, null);
    }

    @Override
    public Promise<T> catchError(Function<? super Throwable, ? extends T> onRejected) {
        Objects.requireNonNull(onRejected, "onRejected");
        return react(Reaction.Kind.CATCH, null, onRejected);
    }

    @Override
    public Promise<T> andFinally(Runnable onFinally) {
        Objects.requireNonNull(onFinally, "onFinally");
        return react(Reaction.Kind.FINALLY, onFinally, null);
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> future = new CompletableFuture<>();
        Runnable subscribe = () -> addReaction(new Reaction<>(this, future));
        if (loop.inLoop()) {
            subscribe.run();
        } else {
            loop.forward(subscribe);
        }
        return future;
    }

    @Override
    public String toString() {
        return "Promise[" + state + (state == State.PENDING ? "" : ": " + result) + "]";
    }
}
