package dev.loop.bench;

import dev.loop.api.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.HashedWheelTimer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How late do timers fire? Schedules the {@link RandomDelays} timers (one million by default) on
 * each contestant, records for every timer its fire time minus its intended deadline, and prints
 * p50, p99 and max per contestant as one JSON object per line. (Target: our p99 at most 5 ms.) A
 * plain program, not JMH: the answer is one distribution per contestant, not a rate.
 *
 * <p>The intended deadline of a timer is {@code System.nanoTime()} read just before its schedule call
 * plus its delay, where a delay of 0 counts as 1 ms (Node's and our minimum; the baselines may run
 * those 0.1% at once and show a negative lateness). The two loops schedule from their own thread in
 * chunks of {@link #CHUNK} per loop turn ({@code setImmediate} for ours, a zero-delay
 * {@code schedule} of the next chunk for Netty), so the loop keeps firing timers while the rest are scheduled, as a
 * server would; {@code ScheduledThreadPoolExecutor(1)} and a 1 ms {@code HashedWheelTimer} are fed
 * from the main thread. Lateness therefore includes the time a timer waits behind one chunk.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.TimerLateness [--timers N]}. Run it with
 * {@value Contestant#ALLOW_UNSAFE} and {@value Contestant#NATIVE_ACCESS} for Netty's sake, and a
 * fixed heap (bench/run.sh uses {@code -Xms2g -Xmx2g}).
 */
public final class TimerLateness {

    /** Timers scheduled per loop turn by the two loops. */
    static final int CHUNK = 1_000;

    private final int count;
    private final long[] delays;
    /** Intended deadline per timer, nanoTime; written before the schedule call that publishes it. */
    private final long[] deadlines;
    /** Fire time minus deadline per timer, written by the one thread that runs the timers. */
    private final long[] lateness;
    /** Timers fired so far; written only by the one thread that runs the timers. */
    private int fired;
    private Signal allFired;

    private TimerLateness(int count) {
        this.count = count;
        this.delays = RandomDelays.millis(count);
        this.deadlines = new long[count];
        this.lateness = new long[count];
    }

    /**
     * Runs every contestant once and prints a JSON line for each.
     *
     * @param args {@code --timers N} to change the number of timers
     */
    public static void main(String[] args) {
        int count = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--timers") && i + 1 < args.length) {
                count = Integer.parseInt(args[++i]);
            } else {
                System.err.println("Usage: TimerLateness [--timers N]; unknown argument " + args[i]);
                System.exit(2);
            }
        }
        new TimerLateness(count).report(Contestant.LOOP, TimerLateness::runLoop);
        new TimerLateness(count).report(Contestant.NETTY_NIO, TimerLateness::runNetty);
        new TimerLateness(count).report("stpe", TimerLateness::runScheduledPool);
        new TimerLateness(count).report("hashed-wheel", TimerLateness::runWheel);
    }

    private void report(String contestant, java.util.function.Consumer<TimerLateness> scenario) {
        System.gc();
        long start = System.nanoTime();
        scenario.accept(this);
        long elapsed = System.nanoTime() - start;
        long[] sorted = lateness.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT,
                "{\"bench\":\"timerLateness\",\"contestant\":\"%s\",\"timers\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
                        + "\"max_ms\":%.3f,\"min_ms\":%.3f,\"elapsed_ms\":%.0f}",
                contestant, count, millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.99)),
                millis(sorted[count - 1]), millis(sorted[0]), millis(elapsed)));
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[(int) Math.ceil(p * sorted.length) - 1];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Marks timer {@code i} scheduled now: its deadline, by the rule in the class comment. */
    private long arm(int i) {
        long delay = Math.max(1, delays[i]);
        deadlines[i] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        return delays[i];
    }

    /** Timer {@code i}'s callback; runs on the timer thread. */
    private Runnable callback(int i) {
        return () -> {
            lateness[i] = System.nanoTime() - deadlines[i];
            if (++fired == count && allFired != null) {
                allFired.fire();
            }
        };
    }

    // ---------------------------------------------------------------- contestants

    private void runLoop() {
        EventLoop loop = EventLoop.create();
        loop.run(() -> scheduleLoopChunk(loop, 0)); // returns when every timer has fired
        loop.close();
    }

    private void scheduleLoopChunk(EventLoop loop, int from) {
        int to = Math.min(from + CHUNK, count);
        for (int i = from; i < to; i++) {
            loop.setTimeout(callback(i), arm(i));
        }
        if (to < count) {
            loop.setImmediate(() -> scheduleLoopChunk(loop, to));
        }
    }

    private void runNetty() {
        MultiThreadIoEventLoopGroup group = Contestant.nettyNio();
        io.netty.channel.EventLoop loop = group.next();
        awaitAllFired(() -> loop.execute(() -> scheduleNettyChunk(loop, 0)));
        Contestant.stopNetty(group);
    }

    private void scheduleNettyChunk(io.netty.channel.EventLoop loop, int from) {
        int to = Math.min(from + CHUNK, count);
        for (int i = from; i < to; i++) {
            loop.schedule(callback(i), arm(i), TimeUnit.MILLISECONDS);
        }
        if (to < count) {
            // Not execute(): Netty drains its task queue before it fetches due timers again, so a
            // chain of executed chunks would schedule everything in one pass. A zero-delay
            // scheduled task is fetched once per loop iteration, as an immediate runs once per ours.
            loop.schedule(() -> scheduleNettyChunk(loop, to), 0, TimeUnit.NANOSECONDS);
        }
    }

    private void runScheduledPool() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, Contestant.daemonThreads("lateness-stpe"));
        executor.prestartAllCoreThreads();
        awaitAllFired(() -> {
            for (int i = 0; i < count; i++) {
                executor.schedule(callback(i), arm(i), TimeUnit.MILLISECONDS);
            }
        });
        Contestant.stopJdk(executor);
    }

    private void runWheel() {
        HashedWheelTimer timer = new HashedWheelTimer(Contestant.daemonThreads("lateness-wheel"), 1, TimeUnit.MILLISECONDS);
        timer.start();
        awaitAllFired(() -> {
            for (int i = 0; i < count; i++) {
                Runnable callback = callback(i);
                timer.newTimeout(timeout -> callback.run(), arm(i), TimeUnit.MILLISECONDS);
            }
        });
        timer.stop();
    }

    /** Runs {@code scheduling} on this thread, then parks until the last timer has fired. */
    private void awaitAllFired(Runnable scheduling) {
        allFired = new Signal();
        allFired.arm();
        scheduling.run();
        allFired.await();
    }
}
