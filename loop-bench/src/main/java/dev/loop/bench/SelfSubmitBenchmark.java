package dev.loop.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * How many tasks per second can code running on the loop hand to the loop itself with
 * {@code execute}? (Target: at least 1.2x Netty's NIO loop, whose {@code execute} from its own thread
 * still goes through its MPSC task queue; ours goes to a plain loop-local deque.)
 *
 * <p>Each invocation hands one burst task to the executor from the benchmark thread. On the
 * executor's thread the burst submits {@link #TASKS} counting tasks and then a task that fires a
 * {@link Signal}; all are FIFO, so when the signal fires every counted task has run, which the
 * invocation checks. The one cross-thread hand-off and wake-up per invocation is amortised over
 * {@code TASKS}. {@link #chain}: one task in flight, each submitting the next, {@link #TASKS} in a
 * row (Netty's {@code runAllTasks} runs a task added meanwhile in the same pass; a loop that
 * waits for its next iteration pays a whole iteration per task). {@code loop-io} is our loop with
 * the NIO backend.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SelfSubmitBenchmark extends ContestantBenchmark {

    /** Tasks the executor submits to itself per invocation. */
    static final int TASKS = 10_000;

    /** Which executor: a {@link Contestant} name. */
    @Param({Contestant.LOOP, Contestant.LOOP_IO, Contestant.NETTY_NIO, Contestant.NETTY_DEFAULT, Contestant.JDK_SINGLE})
    public String contestant;

    @Override
    String contestant() {
        return contestant;
    }

    private final Counter task = new Counter();
    private final Signal done = new Signal();
    private final Runnable finish = done::fire;
    private Runnable burst;
    private Runnable chainStart;
    private int chainLeft;
    private long expected;

    /** Builds the burst once the executor runs. */
    @Override
    void started() {
        burst = () -> {
            for (int i = 0; i < TASKS; i++) {
                executor.execute(task);
            }
            executor.execute(finish);
        };
        Runnable link = new Runnable() {
            @Override
            public void run() {
                task.run();
                if (--chainLeft > 0) {
                    executor.execute(this);
                } else {
                    finish.run();
                }
            }
        };
        chainStart = () -> {
            chainLeft = TASKS;
            link.run();
        };
    }

    /**
     * A chain of self-submitted tasks, one in flight, waited for.
     *
     * @return the number of tasks run so far
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long chain() {
        return runAndCheck(chainStart);
    }

    /**
     * One burst of self-submitted tasks, waited for.
     *
     * @return the number of tasks run so far
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long burst() {
        return runAndCheck(burst);
    }

    /** Hands {@code start} to the executor, waits for its signal, and checks that every counted task ran. */
    private long runAndCheck(Runnable start) {
        done.arm();
        executor.execute(start);
        done.await();
        expected += TASKS;
        long executed = task.executed();
        if (executed != expected) {
            throw new IllegalStateException(contestant + " ran " + executed + " tasks, expected " + expected);
        }
        return executed;
    }
}
