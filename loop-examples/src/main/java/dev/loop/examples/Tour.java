package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.io.Io;
import dev.loop.io.IoOptions;
import java.io.PrintStream;
import java.util.List;

/**
 * The tour of the event loop: runs each {@link Stop} in order, on a fresh loop of its own with an
 * I/O backend ({@link Io}), under a header line. The loop comes from whichever implementation is on
 * the module path ({@code dev.loop.core}), found by {@link EventLoop#create(LoopOptions)}.
 */
public final class Tour {

    /** The stops, in tour order. */
    private static final List<Stop> STOPS = List.of(
            new BlockingStop(),
            new OrderingStop(),
            new QuickStart(),
            new ReadFileStop(),
            new EchoServerStop(),
            new WorkerDataStop(),
            new SharedCounterStop(),
            new ForkStop(),
            new RestForkStop(),
            new SpawnStop(),
            new RespawnStop(),
            new SharedCounterProcessesStop(),
            new HealthStop());

    private Tour() {
    }

    /**
     * Runs every stop and prints what it shows to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        for (int i = 0; i < STOPS.size(); i++) {
            Stop stop = STOPS.get(i);
            int number = i + 1;
            if (number > 1) {
                out.println();
            }
            out.println("== " + number + ". " + stop.title() + " ==");
            try (Io io = Io.create(IoOptions.defaults().withLoop(LoopOptions.defaults().withName("tour-" + number)))) {
                stop.run(io, out);
            }
        }
        out.flush();
    }
}
