package dev.loop.bench;

import dev.loop.api.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * How many loop iterations per second does a {@code setImmediate} chain get, each callback
 * scheduling the next, so that exactly one runs per iteration? (Target: 10x Node.js running
 * {@code bench/node/immediate-chain.js}, the same chain of {@link #LENGTH}.)
 *
 * <p>{@link #loop}: our loop owned by the benchmark thread; {@code run} returns when the chain ends.
 * {@link #loopThread}: the same chain on a {@code startThread} loop, started and awaited from the
 * benchmark thread (one cross-thread hand-off per {@code LENGTH}). {@link #nettyNio}: the nearest
 * Netty equivalent, each task {@code execute}-ing the next on a Netty NIO loop; Netty has no check
 * phase, so this is task-queue throughput, not iterations. {@link #ioLoop} and
 * {@link #ioLoopIdleSocket}: the chain on a loop with the NIO backend, with no channel, and with
 * one idle listening socket registered (a poll phase that must ask the kernel).
 * {@link #ioUringLoopIdleSocket}: the same with the io_uring backend, whose poll phase peeks at
 * the completion queue instead.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", Contestant.ALLOW_UNSAFE, Contestant.NATIVE_ACCESS})
public class ImmediateChainBenchmark {

    /** Callbacks per chain, as in the Node script. */
    static final int LENGTH = 100_000;

    /**
     * A chain link: runs, then schedules itself again until it has run {@code length} times.
     * Reusing one instance keeps lambda allocation out of the measurement (the handle each
     * schedule call creates stays in: it is part of the API's cost).
     */
    static final class Chain implements Runnable {
        private final Consumer<Runnable> schedule;
        private final Runnable whenDone;
        private int left;

        Chain(Consumer<Runnable> schedule, Runnable whenDone) {
            this.schedule = schedule;
            this.whenDone = whenDone;
        }

        /** Schedules the first link. */
        void start(int length) {
            left = length;
            schedule.accept(this);
        }

        @Override
        public void run() {
            if (--left > 0) {
                schedule.accept(this);
            } else {
                whenDone.run();
            }
        }
    }

    /** A chain on our loop owned by the benchmark thread. */
    @State(Scope.Thread)
    public static class OnOwnedLoop extends OwnedLoop {
        Chain chain;
        Runnable entry;

        @Override
        void prepare() {
            chain = new Chain(loop::setImmediate, () -> { });
            entry = () -> chain.start(LENGTH);
        }
    }

    /**
     * The same chain with the loop's delay histogram enabled (Node's monitorEventLoopDelay at its
     * default 10 ms resolution), beside the utilisation every loop keeps: what watching a loop costs.
     */
    public static class OnMonitoredLoop extends OnOwnedLoop {
        dev.loop.api.DelayHistogram delay;

        @Override
        void prepare() {
            super.prepare();
            delay = loop.monitorDelay(java.time.Duration.ofMillis(10));
            delay.enable();
        }
    }

    /**
     * A chain on an I/O loop owned by the benchmark thread: with no channel, or with one idle
     * listening socket (which keeps the loop alive, so the chain's end stops it).
     */
    public abstract static class OnIoLoop {
        dev.loop.io.Io io;
        Chain chain;
        Runnable entry;

        abstract boolean withSocket();

        /** The backend: NIO unless a subclass says otherwise. */
        String backend() {
            return "nio";
        }

        /** Creates the loop (and the socket) on the benchmark thread. */
        @Setup(Level.Iteration)
        public void create() {
            io = dev.loop.io.Io.create(dev.loop.io.IoOptions.defaults().withBackend(backend()));
            EventLoop loop = io.loop();
            chain = new Chain(loop::setImmediate, withSocket() ? loop::stop : () -> { });
            entry = () -> chain.start(LENGTH);
            if (withSocket()) {
                io.net().createServer(socket -> { }).listen(0, "127.0.0.1").then(address -> {
                    loop.stop();
                    return null;
                });
                loop.run();
            }
        }

        /** Closes it. */
        @TearDown(Level.Iteration)
        public void close() {
            io.close();
        }
    }

    /** No channel registered. */
    @State(Scope.Thread)
    public static class OnIoLoopNoChannel extends OnIoLoop {
        @Override
        boolean withSocket() {
            return false;
        }
    }

    /** One idle listening socket registered. */
    @State(Scope.Thread)
    public static class OnIoLoopIdleSocket extends OnIoLoop {
        @Override
        boolean withSocket() {
            return true;
        }
    }

    /** One idle listening socket registered, on the io_uring backend. */
    @State(Scope.Thread)
    public static class OnIoUringLoopIdleSocket extends OnIoLoop {
        @Override
        boolean withSocket() {
            return true;
        }

        @Override
        String backend() {
            return "io_uring";
        }
    }

    /** A chain on an executor's own thread, awaited through a {@link Signal}. */
    abstract static class OnOtherThread {
        final Signal done = new Signal();
        Chain chain;
        Runnable entry;

        void prepare(Consumer<Runnable> schedule) {
            chain = new Chain(schedule, done::fire);
            entry = () -> chain.start(LENGTH);
        }

        int runChain(Executor executor) {
            done.arm();
            executor.execute(entry);
            done.await();
            return chain.left;
        }
    }

    /** Our loop from {@code startThread}. */
    @State(Scope.Benchmark)
    public static class OnLoopThread extends OnOtherThread {
        EventLoop loop;

        /** Starts the loop. */
        @Setup(Level.Trial)
        public void start() {
            loop = Contestant.startLoop("bench-loop");
            prepare(loop::setImmediate);
        }

        /** Stops it. */
        @TearDown(Level.Trial)
        public void stop() {
            Contestant.stopLoop(loop);
        }
    }

    /** A Netty NIO event loop. */
    @State(Scope.Benchmark)
    public static class OnNettyNio extends OnOtherThread {
        MultiThreadIoEventLoopGroup group;
        io.netty.channel.EventLoop loop;

        /** Starts the Netty loop. */
        @Setup(Level.Trial)
        public void start() {
            group = Contestant.nettyNio();
            loop = group.next();
            prepare(loop::execute);
        }

        /** Stops it. */
        @TearDown(Level.Trial)
        public void stop() {
            Contestant.stopNetty(group);
        }
    }

    /**
     * Our loop, run by the benchmark thread until the chain ends.
     *
     * @param state the loop and chain
     * @return links left (0)
     */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public int loop(OnOwnedLoop state) {
        state.loop.run(state.entry);
        return state.chain.left;
    }

    /**
     * {@link #loop} with the delay histogram on.
     *
     * @param state the loop and chain
     * @return links left (0)
     */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public int loopMonitored(OnMonitoredLoop state) {
        state.loop.run(state.entry);
        return state.chain.left;
    }

    /**
     * Our loop on its own thread.
     *
     * @param state the loop and chain
     * @return links left (0)
     */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public int loopThread(OnLoopThread state) {
        return state.runChain(state.loop);
    }

    /**
     * Netty's NIO loop, each task executing the next.
     *
     * @param state the Netty loop and chain
     * @return links left (0)
     */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public int nettyNio(OnNettyNio state) {
        return state.runChain(state.loop);
    }

    /**
     * Our loop with the NIO backend and no channel registered.
     *
     * @param state the loop and chain
     * @return links left (0)
     */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public int ioLoop(OnIoLoopNoChannel state) {
        state.io.loop().run(state.entry);
        return state.chain.left;
    }

    /**
     * Our loop with the NIO backend and one idle listening socket.
     *
     * @param state the loop and chain
     * @return links left (0)
     */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public int ioLoopIdleSocket(OnIoLoopIdleSocket state) {
        state.io.loop().run(state.entry);
        return state.chain.left;
    }

    /**
     * Our loop with the io_uring backend and one idle listening socket.
     *
     * @param state the loop and chain
     * @return links left (0)
     */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public int ioUringLoopIdleSocket(OnIoUringLoopIdleSocket state) {
        state.io.loop().run(state.entry);
        return state.chain.left;
    }
}
