package dev.loop.bench;

import dev.loop.api.EventLoop;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does the timers phase cost per timer it runs? Each invocation arms {@link #TIMERS} timers
 * over eight durations (1-8 ms, so eight lists), lets them all fall due outside the timing, and
 * then times {@code run()}: one timers phase that runs every timer, drains after each, and ends.
 * There is no baseline: it is the regression check for the timers phase itself (its list walk,
 * its drains and its bookkeeping of Node's timer wake-up), run against an older build of the same
 * benchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g", "-XX:+AlwaysPreTouch"})
public class TimerFiringBenchmark {

    /** Timers per invocation. */
    static final int TIMERS = 200_000;

    private EventLoop loop;
    private int fired;

    /** A fresh loop with every timer armed and due; waiting for them is outside the timing. */
    @Setup(Level.Invocation)
    public void arm() throws InterruptedException {
        loop = EventLoop.create();
        SplittableRandom random = new SplittableRandom(42);
        Runnable count = () -> fired++;
        for (int i = 0; i < TIMERS; i++) {
            loop.setTimeout(count, 1 + random.nextInt(8));
        }
        TimeUnit.MILLISECONDS.sleep(10); // setup, not a wait for an event: every delay is at most 8 ms
    }

    /** Closes the loop. */
    @TearDown(Level.Invocation)
    public void close() {
        loop.close();
        TimerBenchmark.collectGarbage();
    }

    /** Runs every timer in one timers phase. */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public int fire() {
        loop.run();
        return fired;
    }
}
