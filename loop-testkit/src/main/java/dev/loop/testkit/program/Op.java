package dev.loop.testkit.program;

import java.util.List;
import java.util.Objects;

/**
 * One operation of a scheduling {@link Program}: the calls a Node script makes, one record each.
 * Handles ({@link SetTimeout}, {@link SetInterval}, {@link SetImmediate}) are named by their
 * callback's label, and {@link Clear}, {@link Ref} and {@link Unref} name the handle they act on;
 * acting on a handle that was not created yet does nothing, as {@code clearTimeout(undefined)}
 * does in Node.
 */
public sealed interface Op {

    /**
     * {@code process.nextTick(callback)}.
     *
     * @param callback what runs
     */
    record NextTick(Callback callback) implements Op { }

    /**
     * {@code queueMicrotask(callback)}.
     *
     * @param callback what runs
     */
    record QueueMicrotask(Callback callback) implements Op { }

    /**
     * {@code setTimeout(callback, delayMillis)}; delays below 1 ms are 1 ms.
     *
     * @param callback what runs
     * @param delayMillis the delay, 0 or more
     */
    record SetTimeout(Callback callback, int delayMillis) implements Op {
        /** Checks the delay. */
        public SetTimeout {
            requireNotNegative(delayMillis);
        }
    }

    /**
     * {@code setInterval(callback, periodMillis)} that clears itself on its {@code count}-th run.
     * Each run records the label followed by {@code #} and the run's number, from 1.
     *
     * @param callback what runs each time
     * @param periodMillis the period, 0 or more
     * @param count how many times it runs unless cleared earlier, at least 1
     */
    record SetInterval(Callback callback, int periodMillis, int count) implements Op {
        /** Checks period and count. */
        public SetInterval {
            requireNotNegative(periodMillis);
            if (count < 1) {
                throw new IllegalArgumentException("count < 1: " + count + "; an interval runs at least once");
            }
        }
    }

    /**
     * {@code setImmediate(callback)}.
     *
     * @param callback what runs
     */
    record SetImmediate(Callback callback) implements Op { }

    /**
     * A promise chain: {@code Promise.resolve()} (or {@code Promise.reject(error)} when
     * {@code startRejected}), then each step in order, then a final silent {@code catch} so that no
     * rejection goes unhandled. Nothing is recorded for the start itself.
     *
     * @param label names the chain (steps are labelled on their own)
     * @param startRejected whether the chain starts rejected
     * @param steps the {@code then}/{@code catch} steps
     */
    record PromiseChain(String label, boolean startRejected, List<Step> steps) implements Op {
        /** Copies the steps. */
        public PromiseChain {
            Objects.requireNonNull(label, "label");
            steps = List.copyOf(steps);
        }
    }

    /**
     * One step of a {@link PromiseChain}: {@code .then(callback)}, or {@code .catch(callback)} when
     * {@code onRejected}. A step whose callback throws rejects the rest of the chain; one that is
     * skipped passes the outcome on, taking a microtask as in JS.
     *
     * @param onRejected true for {@code catch}, false for {@code then}
     * @param callback the handler
     */
    record Step(boolean onRejected, Callback callback) { }

    /**
     * Another thread calls {@code loop.execute(callback)}. The test loop's seed chooses when it
     * arrives (a few virtual milliseconds later at most) and the order among arrivals at the same
     * time. Node has no counterpart, so programs with it are not run in Node.
     *
     * @param callback what runs, in the poll phase
     */
    record Execute(Callback callback) implements Op { }

    /**
     * {@code clearTimeout}, {@code clearInterval} or {@code clearImmediate}.
     *
     * @param target the handle's label
     */
    record Clear(String target) implements Op { }

    /**
     * {@code timeout.refresh()} of a timeout that is waiting: it is armed again for its delay from
     * now, at the end of its list. On a timeout that is running, has run or was cleared, and on an
     * interval or an immediate, it does nothing here, so that every program ends: Node would run a
     * refreshed timeout again, and one that refreshes itself forever (the loop's own tests cover
     * those cases).
     *
     * @param target the handle's label
     */
    record Refresh(String target) implements Op { }

    /**
     * {@code handle.ref()}.
     *
     * @param target the handle's label
     */
    record Ref(String target) implements Op { }

    /**
     * {@code handle.unref()}.
     *
     * @param target the handle's label
     */
    record Unref(String target) implements Op { }

    /**
     * The callback computes for {@code millis} virtual milliseconds: time passes and nothing else
     * runs, as with a busy loop in Node. Timers armed after it count from the later time, and the
     * loop's cached time ({@code loop.now()}) does not move until something reads the clock.
     *
     * @param millis how long it computes, at least 1
     */
    record Busy(int millis) implements Op {
        /** Checks the duration. */
        public Busy {
            if (millis < 1) {
                throw new IllegalArgumentException("busy step < 1 ms: " + millis + "; leave the step out instead");
            }
        }
    }

    private static void requireNotNegative(int millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("delay < 0: " + millis + " ms; use 0 for 'as soon as possible'");
        }
    }

    /**
     * The callbacks this operation schedules directly (not those of their bodies).
     *
     * @return the callbacks, in order
     */
    default List<Callback> callbacks() {
        return switch (this) {
            case NextTick op -> List.of(op.callback());
            case QueueMicrotask op -> List.of(op.callback());
            case SetTimeout op -> List.of(op.callback());
            case SetInterval op -> List.of(op.callback());
            case SetImmediate op -> List.of(op.callback());
            case Execute op -> List.of(op.callback());
            case PromiseChain op -> op.steps().stream().map(Step::callback).toList();
            case Clear op -> List.of();
            case Refresh op -> List.of();
            case Ref op -> List.of();
            case Unref op -> List.of();
            case Busy op -> List.of();
        };
    }
}
