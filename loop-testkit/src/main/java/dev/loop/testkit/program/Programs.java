package dev.loop.testkit.program;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for scheduling {@link Program}s: trees of nextTick, queueMicrotask, promise
 * chains, setTimeout (equal delays and 0 are common), setInterval with a bounded count,
 * setImmediate, clear/ref/unref of earlier handles, submissions from other threads, busy steps
 * (a callback that computes for a few virtual milliseconds) and callbacks that throw.
 *
 * <pre>{@code
 * @Property
 * void loopMatchesModel(@ForAll("programs") Program program, @ForAll long seed) { ... }
 *
 * @Provide
 * Arbitrary<Program> programs() {
 *     return Programs.programs();
 * }
 * }</pre>
 *
 * <p>Shrinking works on the tree: operations drop out, bodies empty, delays go to 0, throwing
 * callbacks stop throwing, busy steps drop out or shorten, so a counter-example ends small. Labels are given after generation in
 * program order ({@code t} nextTick, {@code m} microtask, {@code T} timeout, {@code V} interval,
 * {@code I} immediate, {@code X} other thread, {@code P} promise chain with steps {@code P3.1}...),
 * so a shrunk program reads top to bottom.
 */
public final class Programs {

    /**
     * What generated programs may contain, and how big they get.
     *
     * @param otherThreads whether {@link Op.Execute} occurs (it has no Node counterpart)
     * @param throwing whether callbacks may throw
     * @param busySteps whether callbacks may be busy for a while ({@link Op.Busy}, 1 to
     *     {@value #MAX_BUSY_MILLIS} ms), so that time passes inside a callback
     * @param maxDepth how deeply callbacks nest, at least 1
     * @param maxOps the most operations in one callback (or the main script), at least 1
     */
    public record Features(boolean otherThreads, boolean throwing, boolean busySteps, int maxDepth, int maxOps) {

        /** The longest busy step generated, in virtual milliseconds. */
        public static final int MAX_BUSY_MILLIS = 4;

        /** Everything, nested up to 3 deep, up to 4 operations per callback. */
        public static final Features ALL = new Features(true, true, true, 3, 4);

        /** Checks the sizes. */
        public Features {
            if (maxDepth < 1 || maxOps < 1) {
                throw new IllegalArgumentException("maxDepth and maxOps must be at least 1: " + maxDepth + ", " + maxOps);
            }
        }

        /**
         * These features without submissions from other threads: programs Node can run too.
         *
         * @return the features
         */
        public Features withoutOtherThreads() {
            return new Features(false, throwing, busySteps, maxDepth, maxOps);
        }

        /**
         * These features without throwing callbacks.
         *
         * @return the features
         */
        public Features withoutThrowing() {
            return new Features(otherThreads, false, busySteps, maxDepth, maxOps);
        }

        /**
         * These features without busy steps: time passes only while the loop waits.
         *
         * @return the features
         */
        public Features withoutBusySteps() {
            return new Features(otherThreads, throwing, false, maxDepth, maxOps);
        }
    }

    private Programs() {
    }

    /**
     * Programs with every feature ({@link Features#ALL}).
     *
     * @return the arbitrary
     */
    @SuppressWarnings("exports") // jqwik is optional for the kit; a property that calls this has it
    public static Arbitrary<Program> programs() {
        return programs(Features.ALL);
    }

    /**
     * Programs with the given features.
     *
     * @param features what programs may contain
     * @return the arbitrary
     */
    @SuppressWarnings("exports")
    public static Arbitrary<Program> programs(Features features) {
        return new Programs.Generator(features).ops(features.maxDepth()).map(Labeler::label);
    }

    /** Builds the recursive arbitraries for one set of features. */
    private record Generator(Features features) {

        private static final String UNLABELLED = "";

        Arbitrary<List<Op>> ops(int depth) {
            return op(depth).list().ofMaxSize(features.maxOps());
        }

        private Arbitrary<Op> op(int depth) {
            Arbitrary<Callback> callback = callback(depth);
            Arbitrary<Integer> delays = Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.integers().between(0, 3)),
                    Tuple.of(1, Arbitraries.integers().between(4, 12)));
            Arbitrary<Integer> targets = Arbitraries.integers().between(0, 15);
            List<Tuple.Tuple2<Integer, Arbitrary<Op>>> choices = new ArrayList<>(List.of(
                    weight(4, callback.map(Op.NextTick::new)),
                    weight(4, callback.map(Op.QueueMicrotask::new)),
                    weight(5, Combinators.combine(callback, delays).as(Op.SetTimeout::new)),
                    weight(2, Combinators.combine(callback, delays, Arbitraries.integers().between(1, 3)).as(Op.SetInterval::new)),
                    weight(4, callback.map(Op.SetImmediate::new)),
                    weight(3, chain(depth)),
                    weight(1, targets.map(i -> new Op.Clear(Integer.toString(i)))),
                    weight(1, targets.map(i -> new Op.Refresh(Integer.toString(i)))),
                    weight(1, targets.map(i -> new Op.Unref(Integer.toString(i)))),
                    weight(1, targets.map(i -> new Op.Ref(Integer.toString(i))))));
            if (features.otherThreads()) {
                choices.add(weight(2, callback.map(Op.Execute::new)));
            }
            if (features.busySteps()) {
                choices.add(weight(2, Arbitraries.integers().between(1, Features.MAX_BUSY_MILLIS).map(Op.Busy::new)));
            }
            return Arbitraries.frequencyOf(choices);
        }

        private static Tuple.Tuple2<Integer, Arbitrary<Op>> weight(int weight, Arbitrary<? extends Op> ops) {
            return Tuple.of(weight, ops.map(Op.class::cast));
        }

        private Arbitrary<Callback> callback(int depth) {
            Arbitrary<List<Op>> body = depth <= 1 ? Arbitraries.just(List.of()) : Arbitraries.lazy(() -> ops(depth - 1));
            Arbitrary<Boolean> throwing = features.throwing()
                    ? Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true))
                    : Arbitraries.just(false);
            return Combinators.combine(body, throwing).as((ops, throwsAfter) -> new Callback(UNLABELLED, ops, throwsAfter));
        }

        private Arbitrary<Op> chain(int depth) {
            Arbitrary<Op.Step> step = Combinators.combine(Arbitraries.of(false, true), callback(depth)).as(Op.Step::new);
            return Combinators.combine(Arbitraries.of(false, true), step.list().ofMinSize(1).ofMaxSize(3))
                    .as((rejected, steps) -> new Op.PromiseChain(UNLABELLED, rejected, steps));
        }
    }
}
