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
 * <h2>Implementation overview</h2>
 * A promise made by {@code then} (or its siblings) is also the reaction that feeds it: it joins its
 * source's reaction list as a {@link ReactionNode}, runs as the microtask once the source settles
 * ({@link #run()}), and then forgets its source and functions. One object per link instead of a
 * promise plus a reaction keeps long chains cheap. A derived promise that follows a returned
 * promise ({@code thenCompose}) reuses the same node for that subscription ({@link #ADOPT}); it
 * can, because it has left its first source's list by then. Every field is loop-thread only.
 *
 * <p><b>Thread safety:</b> loop thread only; {@link #toCompletableFuture()} and the
 * {@link CoreResolvers} forward calls from other threads to the loop.
 */
final class CorePromise<T> extends ReactionNode implements Promise<T> {

    // What this promise does as a reaction to its source.
    private static final byte NONE = 0;
    private static final byte THEN = 1;
    private static final byte ACCEPT = 2;
    private static final byte COMPOSE = 3;
    private static final byte CATCH = 4;
    private static final byte FINALLY = 5;
    /** Follow the source's outcome: resolveWith(source). */
    private static final byte ADOPT = 6;
    /** Part of FINALLY: settle with the outcome kept in onFulfilled (value) or onRejected (reason). */
    private static final byte PASS_ON = 7;

    private static final byte PENDING = 0;
    private static final byte FULFILLED = 1;
    private static final byte REJECTED = 2;

    // Fields are kept few and small (48 bytes a promise): long chains are made of these.
    private final CoreEventLoop loop;
    private byte state = PENDING;
    /** The value when fulfilled, the Throwable when rejected. */
    private Object result;
    /** Set by the first resolve/reject call; later calls do nothing. */
    private boolean alreadyResolved;
    /** A reaction was attached, or the rejection was reported: never report (again). */
    private boolean handled;
    /** Reactions while pending, newest first; settle() reverses them into registration order. */
    private ReactionNode reactions;
    // As a reaction: cleared once it has run.
    private byte kind = NONE;
    private CorePromise<?> source;
    private Object onFulfilled;
    private Object onRejected;

    CorePromise(CoreEventLoop loop) {
        this.loop = loop;
    }

    private CorePromise(CoreEventLoop loop, CorePromise<?> source, byte kind, Object onFulfilled, Object onRejected) {
        this.loop = loop;
        this.source = source;
        this.kind = kind;
        this.onFulfilled = onFulfilled;
        this.onRejected = onRejected;
    }

    // ---------------------------------------------------------------- resolving functions

    /** The resolve function for a plain value: fulfils; a value is never adopted, even a promise. */
    void resolveValue(Object value) {
        if (alreadyResolved) {
            return;
        }
        alreadyResolved = true;
        settle(FULFILLED, value);
    }

    /** The resolve function for a thenable: this promise follows {@code other}. */
    void resolveWith(Promise<?> other) {
        if (alreadyResolved) {
            return;
        }
        alreadyResolved = true;
        if (other == this) {
            settle(REJECTED, new IllegalArgumentException("Chaining cycle: a promise cannot be resolved with itself"));
            return;
        }
        // NewPromiseResolveThenableJob: subscribe in a microtask of its own.
        loop.ticks().microtask(() -> {
            if (other instanceof CorePromise<?> core && core.loop == loop) {
                source = core;
                kind = ADOPT;
                core.addReaction(this);
            } else {
                // A promise of another loop (or implementation): subscribe on its side, settle on
                // ours, and count it as a request so this loop waits for the answer.
                loop.requestStarted(dev.loop.api.ResourceKind.COMPLETION_STAGE);
                other.toCompletableFuture().whenComplete((value, error) -> loop.deliverUnlessClosed(() -> {
                    loop.requestFinished(dev.loop.api.ResourceKind.COMPLETION_STAGE);
                    if (error == null) {
                        settle(FULFILLED, value);
                    } else {
                        settle(REJECTED, error instanceof java.util.concurrent.CompletionException
                                && error.getCause() != null ? error.getCause() : error);
                    }
                }));
            }
        });
    }

    /** The reject function. */
    void reject(Throwable reason) {
        if (alreadyResolved) {
            return;
        }
        alreadyResolved = true;
        settle(REJECTED, reason);
    }

    /** Settles, ignoring {@link #alreadyResolved}: used by the resolve functions and adoption. */
    private void settle(byte outcome, Object value) {
        if (state != PENDING) {
            return;
        }
        state = outcome;
        result = value;
        alreadyResolved = true;
        ReactionNode newestFirst = reactions;
        reactions = null;
        if (newestFirst == null && outcome == REJECTED && !handled) {
            loop.ticks().rejectedWithoutHandler(this);
        }
        ReactionNode reaction = null; // reversed: registration order, as the spec requires
        while (newestFirst != null) {
            ReactionNode next = newestFirst.nextReaction;
            newestFirst.nextReaction = reaction;
            reaction = newestFirst;
            newestFirst = next;
        }
        TickQueues ticks = loop.ticks();
        while (reaction != null) {
            ReactionNode next = reaction.nextReaction;
            reaction.nextReaction = null;
            ticks.microtask(reaction);
            reaction = next;
        }
    }

    /** Marks a rejection as handled; returns true if it was not handled before. */
    boolean markHandled() {
        boolean was = handled;
        handled = true;
        return !was;
    }

    State stateUnchecked() {
        return state == PENDING ? State.PENDING : state == FULFILLED ? State.FULFILLED : State.REJECTED;
    }

    boolean isFulfilled() {
        return state == FULFILLED;
    }

    Object result() {
        return result;
    }

    Throwable reason() {
        return (Throwable) result;
    }

    void addReaction(ReactionNode reaction) {
        handled = true;
        if (state != PENDING) {
            loop.ticks().microtask(reaction);
        } else {
            reaction.nextReaction = reactions;
            reactions = reaction;
        }
    }

    private <U> Promise<U> react(byte reactionKind, Object fulfilled, Object rejected) {
        loop.checkLoopThread("Promise reactions");
        CorePromise<U> derived = new CorePromise<>(loop, this, reactionKind, fulfilled, rejected);
        addReaction(derived);
        return derived;
    }

    // ---------------------------------------------------------------- as a reaction job

    /** The PromiseReactionJob: runs once {@link #source} settled, and settles this promise. */
    @Override
    @SuppressWarnings("unchecked") // the functions were stored with the types the Promise methods declare
    public void run() {
        CorePromise<?> from = source;
        byte job = kind;
        Object fulfilledFn = onFulfilled;
        Object rejectedFn = onRejected;
        source = null;
        kind = NONE;
        onFulfilled = null;
        onRejected = null;
        boolean fulfilled = from.state == FULFILLED;
        Object outcome = from.result;
        try {
            switch (job) {
                case THEN -> {
                    if (fulfilled) {
                        resolveValue(((Function<Object, Object>) fulfilledFn).apply(outcome));
                    } else if (rejectedFn != null) {
                        resolveValue(((Function<Throwable, Object>) rejectedFn).apply((Throwable) outcome));
                    } else {
                        reject((Throwable) outcome);
                    }
                }
                case ACCEPT -> {
                    if (fulfilled) {
                        ((Consumer<Object>) fulfilledFn).accept(outcome);
                        resolveValue(null);
                    } else {
                        reject((Throwable) outcome);
                    }
                }
                case COMPOSE -> {
                    if (fulfilled) {
                        Object next = ((Function<Object, Object>) fulfilledFn).apply(outcome);
                        if (next == null) {
                            throw new NullPointerException("thenCompose function returned null instead of a promise");
                        }
                        resolveWith((Promise<?>) next);
                    } else {
                        reject((Throwable) outcome);
                    }
                }
                case CATCH -> {
                    if (fulfilled) {
                        resolveValue(outcome);
                    } else {
                        resolveValue(((Function<Throwable, Object>) rejectedFn).apply((Throwable) outcome));
                    }
                }
                case FINALLY -> {
                    // The spec's thenFinally/catchFinally: PromiseResolve(onFinally()).then(() -> outcome),
                    // which this promise adopts: the same microtask hops as JavaScript.
                    ((Runnable) fulfilledFn).run();
                    CorePromise<Object> done = new CorePromise<>(loop);
                    done.resolveValue(null);
                    CorePromise<Object> passOn = new CorePromise<>(loop, done, PASS_ON,
                            fulfilled ? outcome : null, fulfilled ? null : outcome);
                    done.addReaction(passOn);
                    resolveWith(passOn);
                }
                case ADOPT -> settle(fulfilled ? FULFILLED : REJECTED, outcome);
                case PASS_ON -> {
                    if (rejectedFn != null) {
                        reject((Throwable) rejectedFn);
                    } else {
                        resolveValue(fulfilledFn);
                    }
                }
                default -> throw new IllegalStateException("reaction run twice: " + this);
            }
        } catch (Exception e) {
            // JavaScript semantics: what a reaction throws rejects the derived promise. Errors
            // (OutOfMemoryError, AssertionError...) are not caught here: the loop reports them.
            reject(e);
        }
    }

    // ---------------------------------------------------------------- Promise

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public State state() {
        loop.checkLoopThread("Promise.state()");
        return stateUnchecked();
    }

    @Override
    public <U> Promise<U> then(Function<? super T, ? extends U> onFulfilled) {
        Objects.requireNonNull(onFulfilled, "onFulfilled");
        return react(THEN, onFulfilled, null);
    }

    @Override
    public <U> Promise<U> then(Function<? super T, ? extends U> onFulfilled, Function<? super Throwable, ? extends U> onRejected) {
        Objects.requireNonNull(onFulfilled, "onFulfilled");
        Objects.requireNonNull(onRejected, "onRejected");
        return react(THEN, onFulfilled, onRejected);
    }

    @Override
    public Promise<Void> thenAccept(Consumer<? super T> onFulfilled) {
        Objects.requireNonNull(onFulfilled, "onFulfilled");
        return react(ACCEPT, onFulfilled, null);
    }

    @Override
    public <U> Promise<U> thenCompose(Function<? super T, ? extends Promise<? extends U>> onFulfilled) {
        Objects.requireNonNull(onFulfilled, "onFulfilled");
        return react(COMPOSE, onFulfilled, null);
    }

    @Override
    public Promise<T> catchError(Function<? super Throwable, ? extends T> onRejected) {
        Objects.requireNonNull(onRejected, "onRejected");
        return react(CATCH, null, onRejected);
    }

    @Override
    public Promise<T> andFinally(Runnable onFinally) {
        Objects.requireNonNull(onFinally, "onFinally");
        return react(FINALLY, onFinally, null);
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> future = new CompletableFuture<>();
        Runnable subscribe = () -> addReaction(new FutureReaction<>(this, future));
        if (loop.inLoop()) {
            subscribe.run();
        } else {
            loop.forwardOrReject(subscribe);
        }
        return future;
    }

    @Override
    public String toString() {
        return "Promise[" + stateUnchecked() + (state == PENDING ? "" : ": " + result) + "]";
    }
}
