package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import java.io.PrintStream;

/**
 * The README's example, kept here so that it compiles and the tour's integration test checks what
 * it prints: sync code, then the nextTick queue, then microtasks (the promise chain), then the check
 * phase's immediate, then the timer.
 */
final class QuickStart implements Stop {

    @Override
    public String title() {
        return "Quick start: the README's example";
    }

    @Override
    public void run(Io io, PrintStream out) {
        EventLoop loop = io.loop();
        loop.run(() -> {                                // the entry callback: Node's script body
            loop.setTimeout(() -> out.println("timeout"), 50);
            loop.setImmediate(() -> out.println("immediate"));
            loop.resolved(20)
                    .then(n -> n + 1)
                    .thenCompose(n -> loop.resolved(n * 2))
                    .thenAccept(n -> out.println("promise " + n));
            loop.nextTick(() -> out.println("nextTick"));
            out.println("sync");
        });                                             // returns when nothing referenced is left
    }
}
