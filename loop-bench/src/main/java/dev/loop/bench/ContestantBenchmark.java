package dev.loop.bench;

import java.util.concurrent.Executor;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The shared life cycle of a benchmark that compares executors by name: start the
 * {@link Contestant} the subclass's {@code @Param} names once per trial, stop it after. Each
 * subclass declares its own {@code @Param} list (which contestants a question applies to) and
 * returns it from {@link #contestant()}.
 *
 * <p><b>Thread safety:</b> JMH calls the setup and teardown on one thread, before and after the
 * measured invocations; the fields are published to the benchmark threads by JMH.
 *
 * <p>The run settings below are inherited by every subclass (JMH's annotations are
 * {@code @Inherited}); a subclass adds only its mode and time unit.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", Contestant.ALLOW_UNSAFE, Contestant.NATIVE_ACCESS})
@State(Scope.Benchmark)
public abstract class ContestantBenchmark {

    Contestant target;
    Executor executor;

    /**
     * The contestant to start: the subclass's {@code @Param} field.
     *
     * @return a {@link Contestant} name
     */
    abstract String contestant();

    /** Called once the executor runs; a subclass builds its per-trial work here. */
    void started() {
    }

    /** Starts the executor under test. */
    @Setup(Level.Trial)
    public void start() {
        target = Contestant.start(contestant());
        executor = target.executor();
        started();
    }

    /** Stops it. */
    @TearDown(Level.Trial)
    public void stop() {
        target.close();
    }
}
