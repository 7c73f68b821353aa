package dev.loop.core;

import dev.loop.api.UnhandledRejectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The nextTick queue, the microtask queue, and the rejections waiting to be judged unhandled: the
 * one drain every phase runs after every callback, shaped as Node's
 * {@code processTicksAndRejections}: all nextTicks (including ones they add), then all microtasks
 * (including ones they add), and again until both are empty and no rejection was reported.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class TickQueues {

    private final CoreEventLoop loop;
    private final ArrayDeque<Runnable> ticks = new ArrayDeque<>();
    private final ArrayDeque<Runnable> microtasks = new ArrayDeque<>();
    private List<CorePromise<?>> rejected = new ArrayList<>();

    TickQueues(CoreEventLoop loop) {
        this.loop = loop;
    }

    void nextTick(Runnable callback) {
        ticks.addLast(callback);
    }

    void microtask(Runnable callback) {
        microtasks.addLast(callback);
    }

    /** A promise was rejected with no reaction; judged at the end of this drain. */
    void rejectedWithoutHandler(CorePromise<?> promise) {
        rejected.add(promise);
    }

    boolean isEmpty() {
        return ticks.isEmpty() && microtasks.isEmpty() && rejected.isEmpty();
    }

    /**
     * Drains both queues, then reports unhandled rejections, until nothing is left; returns false
     * if a nextTick threw, which ends the drain early.
     */
    boolean drain() {
        if (isEmpty()) {
            return true;
        }
        do {
            Runnable callback;
            while ((callback = ticks.pollFirst()) != null) {
                if (!loop.runGuarded(callback)) {
                    // Node: a nextTick that throws ends this drain (the error unwinds out of
                    // processTicksAndRejections); the rest waits for the next callback of the
                    // phase, or the end of the phase. A throwing microtask does not: V8 goes on.
                    return false;
                }
            }
            while ((callback = microtasks.pollFirst()) != null) {
                loop.runGuarded(callback);
            }
        } while (!ticks.isEmpty() || reportUnhandled());
        return true;
    }

    /**
     * Drains until both queues are empty, going on past nextTicks that throw: for a loop that is
     * closing, where no later callback would drain what is left.
     */
    void drainFully() {
        while (!isEmpty()) {
            drain();
        }
    }

    /** Drops queued callbacks without running them; returns how many were dropped. */
    int clear() {
        int n = ticks.size() + microtasks.size();
        ticks.clear();
        microtasks.clear();
        rejected.clear();
        return n;
    }

    private boolean reportUnhandled() {
        if (rejected.isEmpty()) {
            return false;
        }
        List<CorePromise<?>> judged = rejected;
        rejected = new ArrayList<>();
        boolean reported = false;
        for (CorePromise<?> promise : judged) {
            if (promise.markHandled()) {
                reported = true;
                loop.report(new UnhandledRejectionException(promise.reason()));
            }
        }
        return reported;
    }
}
