package dev.loop.bench;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.TimerTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 * How long does it take to schedule {@link #TIMERS} timers with random 0..1000 ms delays
 * ({@link RandomDelays})? (Target: at most 0.5x Netty's {@code schedule()} called on its own loop
 * thread.) The score is nanoseconds per timer. How late the same timers fire is measured by
 * {@link TimerLateness}, a plain program, because it is one distribution, not a rate.
 *
 * <p>Every invocation starts a fresh timer service and schedules all timers; creating and stopping
 * the service (which drops the pending timers) is outside the timing. On the two loops no timer runs
 * while the loop thread is busy scheduling; the services with a thread of their own
 * ({@code ScheduledThreadPoolExecutor}, {@code HashedWheelTimer}) run the timers that fall due
 * meanwhile on that thread, competing for the CPU and their locks, as they would in use.
 *
 * <ul>
 *   <li>{@link #loop}: our {@code setTimeout} on a loop owned by the benchmark thread, so the calls
 *       are loop-thread calls (the heap insert, no forwarding);</li>
 *   <li>{@link #nettyNio}: {@code eventLoop.schedule()} from a task running on the Netty NIO loop,
 *       Netty's loop-thread path (the invocation also pays one hand-off and signal back, about
 *       10 microseconds in a run of tens of milliseconds);</li>
 *   <li>{@link #scheduledThreadPool}: {@code ScheduledThreadPoolExecutor(1).schedule()} from the
 *       benchmark thread, as it is normally used;</li>
 *   <li>{@link #hashedWheel}: Netty's {@code HashedWheelTimer} with a 1 ms tick,
 *       {@code newTimeout()} from the benchmark thread (an MPSC offer; its worker moves the timeouts
 *       into the wheel concurrently, on its own thread).</li>
 * </ul>
 *
 * <p>Garbage collection is kept out of the score: after each invocation, outside the timing, the
 * service is stopped and a full collection runs ({@link #collectGarbage()}), and the fork's fixed
 * 2 GB young generation holds an invocation's ~90 MB, so no collection lands inside the next one.
 * Left in, a young collection that must copy a million live timers landed in some invocations and
 * not others, and its noise dominated the score for every contestant. To count it anyway, run with
 * {@code -jvmArgsAppend "-XX:+DisableExplicitGC ..."} and more iterations; {@code -prof gc} shows
 * the allocation per timer (about 85 bytes for ours and for Netty). Warm up for at least 5
 * iterations: the first ones are dominated by the JIT and by first-touch page faults.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Xmn2g", "-XX:+AlwaysPreTouch", Contestant.ALLOW_UNSAFE, Contestant.NATIVE_ACCESS})
public class TimerBenchmark {

    /** Timers per invocation. */
    static final int TIMERS = 1_000_000;

    private static final long[] DELAYS = RandomDelays.millis(TIMERS);
    private static final Runnable NOOP = () -> { };
    private static final TimerTask NOOP_TASK = timeout -> { };

    /** A fresh loop per invocation, owned by the benchmark thread. */
    @State(Scope.Thread)
    public static class OwnLoop {
        EventLoop loop;

        /** Creates the loop. */
        @Setup(Level.Invocation)
        public void create() {
            loop = EventLoop.create();
        }

        /** Closes it, dropping its timers, and collects them. */
        @TearDown(Level.Invocation)
        public void close() {
            loop.close();
            collectGarbage();
        }
    }

    /** A fresh Netty NIO loop per invocation, and the task that schedules on it. */
    @State(Scope.Thread)
    public static class NettyNio {
        final Signal done = new Signal();
        MultiThreadIoEventLoopGroup group;
        Runnable scheduleAll;

        /** Starts the Netty loop. */
        @Setup(Level.Invocation)
        public void start() {
            group = Contestant.nettyNio();
            io.netty.channel.EventLoop loop = group.next();
            scheduleAll = () -> {
                for (long delay : DELAYS) {
                    loop.schedule(NOOP, delay, TimeUnit.MILLISECONDS);
                }
                done.fire();
            };
        }

        /** Stops it, dropping its timers, and collects them. */
        @TearDown(Level.Invocation)
        public void stop() {
            Contestant.stopNetty(group);
            collectGarbage();
        }
    }

    /** A fresh one-thread {@link ScheduledThreadPoolExecutor} per invocation. */
    @State(Scope.Thread)
    public static class ScheduledPool {
        ScheduledThreadPoolExecutor executor;

        /** Starts the pool and its thread. */
        @Setup(Level.Invocation)
        public void start() {
            executor = new ScheduledThreadPoolExecutor(1, Contestant.daemonThreads("bench-stpe"));
            executor.prestartAllCoreThreads();
        }

        /** Stops it, dropping its timers, and collects them. */
        @TearDown(Level.Invocation)
        public void stop() {
            Contestant.stopJdk(executor);
            collectGarbage();
        }
    }

    /** A fresh, started {@link HashedWheelTimer} with a 1 ms tick per invocation. */
    @State(Scope.Thread)
    public static class Wheel {
        HashedWheelTimer timer;

        /** Starts the wheel and its worker. */
        @Setup(Level.Invocation)
        public void start() {
            timer = new HashedWheelTimer(Contestant.daemonThreads("bench-wheel"), 1, TimeUnit.MILLISECONDS);
            timer.start();
        }

        /** Stops it, dropping its timers, and collects them. */
        @TearDown(Level.Invocation)
        public void stop() {
            timer.stop();
            collectGarbage();
        }
    }

    /** A full collection between invocations, so that none lands inside the next one. */
    static void collectGarbage() {
        System.gc();
    }

    /**
     * Our {@code setTimeout}, on the loop thread.
     *
     * @param state the loop
     * @return the last timer
     */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public Timeout loop(OwnLoop state) {
        EventLoop loop = state.loop;
        Timeout last = null;
        for (long delay : DELAYS) {
            last = loop.setTimeout(NOOP, delay);
        }
        return last;
    }

    /**
     * Netty's {@code schedule()}, on its loop thread.
     *
     * @param state the Netty loop
     */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public void nettyNio(NettyNio state) {
        state.done.arm();
        state.group.next().execute(state.scheduleAll);
        state.done.await();
    }

    /**
     * {@code ScheduledThreadPoolExecutor.schedule()}.
     *
     * @param state the pool
     * @return the last timer
     */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public ScheduledFuture<?> scheduledThreadPool(ScheduledPool state) {
        ScheduledThreadPoolExecutor executor = state.executor;
        ScheduledFuture<?> last = null;
        for (long delay : DELAYS) {
            last = executor.schedule(NOOP, delay, TimeUnit.MILLISECONDS);
        }
        return last;
    }

    /**
     * {@code HashedWheelTimer.newTimeout()}.
     *
     * @param state the wheel
     * @return the last timer
     */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public io.netty.util.Timeout hashedWheel(Wheel state) {
        HashedWheelTimer timer = state.timer;
        io.netty.util.Timeout last = null;
        for (long delay : DELAYS) {
            last = timer.newTimeout(NOOP_TASK, delay, TimeUnit.MILLISECONDS);
        }
        return last;
    }
}
