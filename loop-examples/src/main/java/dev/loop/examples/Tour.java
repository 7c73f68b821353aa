package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import java.io.PrintStream;
import java.util.List;

/**
 * The tour of the event loop: runs each {@link Stop} in order, on a fresh loop of its own, under a
 * header line. Only {@code dev.loop.api} is required; the loop comes from whichever implementation
 * is on the module path ({@code dev.loop.core}), found by {@link EventLoop#create(LoopOptions)}.
 */
public final class Tour {

    /** The stops, in tour order. */
    private static final List<Stop> STOPS = List.of(
            new BlockingStop(),
            new OrderingStop(),
            new QuickStart());

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
            EventLoop loop = EventLoop.create(LoopOptions.defaults().withName("tour-" + number));
            try {
                stop.run(loop, out);
            } finally {
                loop.close();
            }
        }
        out.flush();
    }
}
