package dev.loop.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * How many tasks per second can threads outside the loop hand to it with {@code execute}, counting
 * only tasks that have run? (Target: at least Netty's NIO loop, and at least 0.8x the
 * bare atomic JCTools queue it is built on.)
 *
 * <p>Each invocation submits {@link #BATCH} tasks (one preallocated {@link Counter}, so no
 * allocation is measured), then waits until the executor has run all of them; the score is tasks
 * per second. Waiting per batch means the consumer also drains to empty and goes back to sleep once
 * per batch, as a server loop does between bursts, so the wake-up protocol is part of the cost.
 * {@link #oneProducer} has one submitting thread, {@link #twoProducers} two (more threads than this
 * project's 2-core machines have cores, so expect contention for CPU, not only for the queue).
 *
 * <p>Contestants: our loop, and the same with a delay histogram on ({@code loop-monitored}); Netty's NIO event loop and {@code DefaultEventLoop}; a JDK single-thread
 * executor; and three floors, bare JCTools queues drained by one thread: the atomic
 * {@code MpscUnboundedAtomicArrayQueue} loop-core uses, its {@code sun.misc.Unsafe} twin
 * {@code MpscUnboundedArrayQueue}, and {@code MpscUnboundedXaddArrayQueue}. The first two differ
 * only in how they access memory, which prices loop-core's warning-free choice.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CrossThreadSubmitBenchmark extends ContestantBenchmark {

    /** Tasks submitted per invocation before waiting for them to run. */
    static final int BATCH = 10_000;

    /** Which executor: a {@link Contestant} name. */
    @Param({Contestant.LOOP, Contestant.LOOP_MONITORED, Contestant.NETTY_NIO, Contestant.NETTY_DEFAULT, Contestant.JDK_SINGLE,
            Contestant.JCTOOLS_FLOOR, Contestant.JCTOOLS_UNSAFE_FLOOR, Contestant.JCTOOLS_XADD_FLOOR})
    public String contestant;

    @Override
    String contestant() {
        return contestant;
    }


    /** One submitting thread's task and how many it has submitted so far. */
    @State(Scope.Thread)
    public static class Producer {
        final Counter task = new Counter();
        long submitted;
    }


    /**
     * One producer thread.
     *
     * @param producer this thread's task and count
     * @return the number of tasks this thread has seen run
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public long oneProducer(Producer producer) {
        return submitBatchAndWait(producer);
    }

    /**
     * Two producer threads, each waiting for its own tasks; the score is their sum.
     *
     * @param producer this thread's task and count
     * @return the number of tasks this thread has seen run
     */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public long twoProducers(Producer producer) {
        return submitBatchAndWait(producer);
    }

    private long submitBatchAndWait(Producer producer) {
        Counter task = producer.task;
        for (int i = 0; i < BATCH; i++) {
            executor.execute(task);
        }
        producer.submitted += BATCH;
        task.awaitAtLeast(producer.submitted);
        return producer.submitted;
    }
}
