package dev.loop.bench;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast do the nextTick and microtask queues run chains that never leave the drain? (Targets: a
 * {@code nextTick} chain 5x, a promise {@code then} chain 2x Node.js running
 * {@code bench/node/tick-chain.js} and {@code bench/node/promise-chain.js} with the same
 * {@link #LENGTH}.) Our loop only; no Java baseline has these queues.
 *
 * <p>{@link #nextTickChain}: each callback {@code nextTick}s the next. {@link #promiseChain}: a
 * resolved promise, {@code LENGTH} chained {@code then(x -> x + 1)}, and a final reaction that reads
 * the result, built and drained inside one {@code run}, as {@code await} of the same chain in Node.
 * The loop is owned by the benchmark thread, so no wake-up is measured.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap: a promise chain of LENGTH links allocates ~7 MB per invocation, and
// while G1 grows the heap each new region costs page faults that showed up as 5-9x slower
// iterations (30 -> 260 ns per link) unrelated to the loop. ALLOW_UNSAFE is for JMH itself.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", Contestant.ALLOW_UNSAFE})
public class TickChainBenchmark {

    /** Callbacks per chain, as in the Node scripts. */
    static final int LENGTH = 100_000;

    private static final Function<Integer, Integer> INCREMENT = x -> x + 1;

    /** A nextTick chain link that reschedules itself. */
    static final class TickChain implements Runnable {
        private final EventLoop loop;
        private int left;

        TickChain(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void run() {
            if (--left > 0) {
                loop.nextTick(this);
            }
        }
    }

    /** Our loop owned by the benchmark thread, with a tick chain and a slot for the promise result. */
    @State(Scope.Thread)
    public static class Ticks extends OwnedLoop {
        TickChain tickChain;
        Runnable tickEntry;
        Runnable promiseEntry;
        int promiseResult;

        @Override
        void prepare() {
            tickChain = new TickChain(loop);
            tickEntry = () -> {
                tickChain.left = LENGTH;
                loop.nextTick(tickChain);
            };
            promiseEntry = () -> {
                Promise<Integer> chain = loop.resolved(0);
                for (int i = 0; i < LENGTH; i++) {
                    chain = chain.then(INCREMENT);
                }
                chain.thenAccept(value -> promiseResult = value);
            };
        }
    }

    /**
     * A nextTick chain of {@link #LENGTH}.
     *
     * @param state the loop
     * @return links left (0)
     */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public int nextTickChain(Ticks state) {
        state.loop.run(state.tickEntry);
        return state.tickChain.left;
    }

    /**
     * A promise then-chain of {@link #LENGTH}.
     *
     * @param state the loop
     * @return the chain's value, {@code LENGTH}
     */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public int promiseChain(Ticks state) {
        state.promiseResult = -1;
        state.loop.run(state.promiseEntry);
        if (state.promiseResult != LENGTH) {
            throw new IllegalStateException("The promise chain ended with " + state.promiseResult + ", expected " + LENGTH);
        }
        return state.promiseResult;
    }
}
