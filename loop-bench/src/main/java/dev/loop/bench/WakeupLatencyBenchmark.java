package dev.loop.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * How long is a round trip to a sleeping loop: hand it a task from another thread, the task
 * signals back, the submitter wakes? (Target: p50 within 1.1x of a bare park/unpark ping-pong.)
 *
 * <p>Each invocation hands a task that fires a {@link Signal} to the idle executor and parks the
 * benchmark thread until the signal. Before every invocation (outside the timing) the benchmark
 * thread sleeps {@link #IDLE_NANOS}, so the executor has finished the previous round and gone back
 * to sleep: the measured path always includes waking a parked thread, and waking the benchmark
 * thread in turn. Sampled, so the result carries p50/p99.
 *
 * <p>Contestants: our loop ({@code startThread}), and with the NIO and the io_uring backends
 * attached ({@code Io.create()}, a wake-up through the selector, or through
 * {@code IORING_OP_MSG_RING}); Netty's NIO loop (a selector wake-up) and
 * {@code DefaultEventLoop}; a JDK single-thread executor; and the floor, {@link ParkUnparkFloor}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WakeupLatencyBenchmark extends ContestantBenchmark {

    /** Pause before each round trip, long enough for any contestant to be parked again. */
    static final long IDLE_NANOS = 100_000;

    /** Which executor: a {@link Contestant} name. */
    @Param({Contestant.LOOP, Contestant.LOOP_IO, Contestant.LOOP_IO_URING, Contestant.NETTY_NIO,
            Contestant.NETTY_DEFAULT, Contestant.JDK_SINGLE, Contestant.PARK_UNPARK})
    public String contestant;

    @Override
    String contestant() {
        return contestant;
    }

    private final Signal signal = new Signal();
    private final Runnable signalBack = signal::fire;


    /** Lets the executor fall asleep; not timed. */
    @Setup(Level.Invocation)
    public void idle() {
        LockSupport.parkNanos(IDLE_NANOS);
    }

    /** One round trip: submit, the task signals back, the benchmark thread wakes. */
    @Benchmark
    public void roundTrip() {
        signal.arm();
        executor.execute(signalBack);
        signal.await();
    }
}
