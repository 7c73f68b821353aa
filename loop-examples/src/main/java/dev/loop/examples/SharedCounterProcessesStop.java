package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import dev.loop.process.ChildContext;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.ParentPort;
import dev.loop.process.Processes;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import java.io.PrintStream;
import java.util.List;

/**
 * Beyond Node: memory shared with forked children. A buffer from {@code Processes.sharedBuffer}
 * lives in a file in shared memory; sent to a child, it maps the same memory there, and
 * {@code Atomics} work across the processes. A parent and two children count through one counter.
 */
final class SharedCounterProcessesStop implements Stop {

    static final int INCREMENTS = 100_000;

    @Override
    public String title() {
        return "Shared memory across processes: a parent and two forked children count through one counter";
    }

    @Override
    public void run(Io io, PrintStream out) {
        EventLoop loop = io.loop();
        int[] counted = {0};
        loop.run(() -> {
            SharedBuffer buffer = Processes.sharedBuffer(8);
            Int32Array counter = buffer.int32();
            int[] done = {0};
            for (int c = 0; c < 2; c++) {
                ChildProcess child = Processes.fork(ForkOptions.of(Adder.class));
                child.send(List.of(buffer, INCREMENTS));
                child.onMessage(finished -> {
                    child.disconnect();
                    if (++done[0] == 2) {
                        counted[0] = Atomics.load(counter, 0);
                    }
                });
            }
            for (int i = 0; i < INCREMENTS; i++) { // the parent counts too, while the children do
                Atomics.add(counter, 0, 1);
            }
        });
        out.println("counter = " + counted[0] + " (a parent and 2 children x " + INCREMENTS + " increments, none lost)");
    }

    /** The child: adds 1 to the shared counter it is sent, as many times as it is told, then says so. */
    public static final class Adder {
        private Adder() {
        }

        /**
         * Runs the child's loop until the parent disconnects.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            try (EventLoop loop = EventLoop.create()) {
                loop.run(() -> {
                    ParentPort parent = ChildContext.parentPort();
                    parent.onMessage(message -> {
                        List<?> job = (List<?>) message;
                        Int32Array counter = ((SharedBuffer) job.get(0)).int32();
                        int times = (Integer) job.get(1);
                        for (int i = 0; i < times; i++) {
                            Atomics.add(counter, 0, 1);
                        }
                        parent.send("done");
                    });
                });
            }
        }
    }
}
