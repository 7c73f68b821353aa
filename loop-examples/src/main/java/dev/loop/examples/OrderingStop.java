package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import java.io.PrintStream;

/**
 * Who runs when: the entry callback schedules a {@code setTimeout(0)}, a promise reaction and a
 * {@code nextTick}, then logs synchronously; the lines come out in the reverse order of the code.
 * The timer's callback then schedules a {@code setTimeout(0)} and a {@code setImmediate}.
 *
 * <p>Why the second pair is scheduled from a timer callback: at a script's top level, whether
 * {@code setTimeout(0)} or {@code setImmediate} runs first depends on whether 1 ms has passed when
 * the first iteration reads the clock, and Node leaves that to chance (so does this loop). From
 * inside a timers-phase (or poll-phase) callback the order is fixed: the check phase of the same
 * iteration comes before the timers phase of the next one.
 */
final class OrderingStop implements Stop {

    @Override
    public String title() {
        return "Ordering: sync code, nextTick, promises, then the loop's phases";
    }

    @Override
    public void run(Io io, PrintStream out) {
        EventLoop loop = io.loop();
        loop.run(() -> {
            loop.setTimeout(() -> {
                out.println("timeout: the entry's setTimeout(0) runs in the timers phase;"
                        + " it schedules a setTimeout(0) and a setImmediate");
                loop.setTimeout(() -> out.println(
                        "timeout: the second setTimeout(0) waits for the timers phase of the next iteration"), 0);
                loop.setImmediate(() -> out.println(
                        "immediate: inside a timer callback, the check phase comes before the next timers phase"));
            }, 0);
            loop.resolved("promise").thenAccept(value -> out.println(
                    "promise: microtasks run after the nextTick queue"));
            loop.nextTick(() -> out.println(
                    "nextTick: runs right after the current callback, before any microtask"));
            out.println("sync: runs first, before the loop takes over");
        });
    }
}
