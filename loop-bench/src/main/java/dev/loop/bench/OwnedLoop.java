package dev.loop.bench;

import dev.loop.api.EventLoop;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A loop owned by the benchmark thread, from {@link EventLoop#create()}: an invocation drives it
 * with {@link EventLoop#run(Runnable)}, which returns when the work is done (Node's shape: a script
 * runs until nothing is left). No other thread and no wake-up is involved.
 *
 * <p><b>Thread safety:</b> JMH creates it per iteration on the thread that runs the iteration, which
 * then owns the loop.
 */
@State(Scope.Thread)
public class OwnedLoop {

    EventLoop loop;

    /** Creates the loop on the benchmark thread, then lets a subclass {@link #prepare()} its work. */
    @Setup(Level.Iteration)
    public void create() {
        loop = EventLoop.create();
        prepare();
    }

    /** Builds what the benchmark runs on {@link #loop}; called once the loop exists. */
    void prepare() {
    }

    /** Closes it. */
    @TearDown(Level.Iteration)
    public void close() {
        loop.close();
    }
}
