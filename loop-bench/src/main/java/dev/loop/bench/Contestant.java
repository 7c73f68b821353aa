package dev.loop.bench;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * One single-threaded executor under test, started by the name a benchmark's {@code contestant}
 * parameter gives: our loop, or a baseline a Java user would pick instead, or a floor. Every one
 * runs its tasks on one daemon thread of its own, so a forgotten one cannot keep a fork alive.
 *
 * <p><b>Thread safety:</b> {@link #start} and {@link #close()} from the benchmark thread;
 * {@link #executor()} as the executor itself allows (all of these accept tasks from any thread).
 *
 * @param name the name it was started by
 * @param executor where tasks go
 * @param stop stops the executor and waits for its thread to finish
 */
record Contestant(String name, Executor executor, Runnable stop) {

    /** Our loop, {@link EventLoop#startThread}. */
    static final String LOOP = "loop";
    /**
     * Our loop as a monitored production loop runs: its utilisation (always kept) and a delay
     * histogram enabled at Node's default 10 ms resolution.
     */
    static final String LOOP_MONITORED = "loop-monitored";
    /** Netty 4.2's NIO event loop: {@code MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory())}. */
    static final String NETTY_NIO = "netty-nio";
    /** Our loop with the NIO backend ({@code Io.create()}) on a thread of its own, kept alive until stopped. */
    static final String LOOP_IO = "loop-io";
    /**
     * The same with the io_uring backend: cross-thread wake-ups post through {@code IORING_OP_MSG_RING}
     * (or an eventfd, with {@code -Ddev.loop.io.uring.wakeup=eventfd}).
     */
    static final String LOOP_IO_URING = "loop-io-uring";
    /** Netty's {@code DefaultEventLoop}: a task queue and a thread, no selector. */
    static final String NETTY_DEFAULT = "netty-default";
    /** {@link Executors#newSingleThreadExecutor()}. */
    static final String JDK_SINGLE = "jdk-single";
    /** The floor: a bare {@code MpscUnboundedAtomicArrayQueue}, the queue loop-core uses. */
    static final String JCTOOLS_FLOOR = "jctools-floor";
    /** The same floor on {@code MpscUnboundedArrayQueue}, its {@code sun.misc.Unsafe} twin. */
    static final String JCTOOLS_UNSAFE_FLOOR = "jctools-unsafe-floor";
    /** The same floor on {@code MpscUnboundedXaddArrayQueue}, JCTools' fastest unbounded MPSC (Unsafe). */
    static final String JCTOOLS_XADD_FLOOR = "jctools-xadd-floor";
    /** The wake-up floor: a bare park/unpark hand-off to a parked thread, no queue. */
    static final String PARK_UNPARK = "park-unpark";

    /**
     * Lets {@code sun.misc.Unsafe} users run without JDK 24+'s "terminally deprecated" warning: the
     * Unsafe-based baselines (JCTools' default queues, Netty's internals) and JMH 1.37 itself, whose
     * {@code Blackhole} and other infrastructure classes check their field layout with Unsafe in every
     * fork. Our code does not need it (loop-core uses JCTools' atomic queues and VarHandles), but the
     * JDK warns only once per JVM, so JMH's warning would hide ours anyway: every fork sets it.
     */
    static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";
    /** Lets Netty load native code, should it probe for any, without JDK 24+'s restricted-method warning. */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Starts the contestant called {@code name}.
     *
     * @param name one of this class's name constants
     * @return the started contestant
     * @throws IllegalArgumentException for an unknown name
     */
    static Contestant start(String name) {
        return switch (name) {
            case LOOP -> {
                EventLoop loop = startLoop("bench-loop");
                yield new Contestant(name, loop, () -> stopLoop(loop));
            }
            case LOOP_MONITORED -> {
                EventLoop loop = startLoop("bench-loop-monitored");
                java.util.concurrent.CompletableFuture<Void> enabled = new java.util.concurrent.CompletableFuture<>();
                loop.execute(() -> { // monitorDelay and enable belong to the loop's thread
                    loop.monitorDelay(Duration.ofMillis(10)).enable();
                    enabled.complete(null);
                });
                enabled.join();
                yield new Contestant(name, loop, () -> stopLoop(loop));
            }
            case LOOP_IO -> {
                EventLoop loop = startIoLoop("bench-loop-io", "nio");
                yield new Contestant(name, loop, () -> stopLoop(loop));
            }
            case LOOP_IO_URING -> {
                EventLoop loop = startIoLoop("bench-loop-io-uring", "io_uring");
                yield new Contestant(name, loop, () -> stopLoop(loop));
            }
            case NETTY_NIO -> {
                EventLoopGroup group = nettyNio();
                yield new Contestant(name, group.next(), () -> stopNetty(group));
            }
            case NETTY_DEFAULT -> {
                DefaultEventLoop loop = new DefaultEventLoop(new DefaultThreadFactory("bench-netty-default", true));
                yield new Contestant(name, loop, () -> stopNetty(loop));
            }
            case JDK_SINGLE -> {
                ExecutorService executor = Executors.newSingleThreadExecutor(daemonThreads("bench-jdk-single"));
                yield new Contestant(name, executor, () -> stopJdk(executor));
            }
            case JCTOOLS_FLOOR -> floor(name, new JctoolsFloor("bench-jctools-atomic", new MpscUnboundedAtomicArrayQueue<>(1024)));
            case JCTOOLS_UNSAFE_FLOOR -> floor(name, new JctoolsFloor("bench-jctools-unsafe", new MpscUnboundedArrayQueue<>(1024)));
            case JCTOOLS_XADD_FLOOR -> floor(name, new JctoolsFloor("bench-jctools-xadd", new MpscUnboundedXaddArrayQueue<>(1024)));
            case PARK_UNPARK -> {
                ParkUnparkFloor floor = new ParkUnparkFloor("bench-park-unpark");
                yield new Contestant(name, floor, floor::close);
            }
            default -> throw new IllegalArgumentException("Unknown contestant '" + name + "'; use one of the names in "
                    + Contestant.class.getName());
        };
    }

    /** Stops the executor and waits for its thread. */
    void close() {
        stop.run();
    }

    /** Our loop on a daemon thread of its own. */
    static EventLoop startLoop(String threadName) {
        return EventLoop.startThread(LoopOptions.defaults().withName(threadName).withDaemon(true));
    }

    /**
     * An {@code Io.create()} loop owned by a daemon thread of its own, which runs it (kept alive by
     * a keep-alive handle) until it is closed.
     */
    static EventLoop startIoLoop(String threadName, String backend) {
        java.util.concurrent.CompletableFuture<EventLoop> started = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().name(threadName).daemon(true).start(() -> {
            try (dev.loop.io.Io io = dev.loop.io.Io.create(dev.loop.io.IoOptions.defaults().withBackend(backend))) {
                io.loop().run(() -> {
                    io.loop().keepAlive();
                    started.complete(io.loop());
                });
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        });
        return started.join();
    }

    /** Netty 4.2's NIO transport with one event loop on a daemon thread. */
    static MultiThreadIoEventLoopGroup nettyNio() {
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bench-netty-nio", true), NioIoHandler.newFactory());
    }

    static ThreadFactory daemonThreads(String name) {
        return Thread.ofPlatform().name(name).daemon(true).factory();
    }

    static void stopLoop(EventLoop loop) {
        loop.close();
        awaitStopped(loop.termination().toCompletableFuture(), loop.toString());
    }

    static void stopNetty(EventLoopGroup group) {
        awaitStopped(group.shutdownGracefully(0, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), group.toString());
    }

    static void stopJdk(ExecutorService executor) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(executor + " did not stop within " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping " + executor, e);
        }
    }

    private static Contestant floor(String name, JctoolsFloor floor) {
        return new Contestant(name, floor, floor::close);
    }

    private static void awaitStopped(Future<?> termination, String what) {
        try {
            termination.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(what + " did not stop cleanly within " + STOP_TIMEOUT, e);
        }
    }
}
