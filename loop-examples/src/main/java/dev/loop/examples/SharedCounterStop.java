package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import dev.loop.io.Io;
import dev.loop.workers.Worker;
import dev.loop.workers.WorkerOptions;
import java.io.PrintStream;

/**
 * A shared counter: a SharedBuffer is posted to four workers, shared rather than copied, and each
 * adds to it with Atomics.add. No increment is lost, so the total is exact.
 */
final class SharedCounterStop implements Stop {

    private static final int WORKERS = 4;
    private static final int INCREMENTS = 100_000;

    @Override
    public String title() {
        return "Shared memory: four workers count through Atomics.add";
    }

    @Override
    public void run(Io io, PrintStream out) {
        EventLoop loop = io.loop();
        SharedBuffer memory = SharedBuffer.allocate(Integer.BYTES);
        Int32Array counter = memory.int32();
        int[] exited = new int[1];
        loop.run(() -> {
            for (int w = 0; w < WORKERS; w++) {
                Worker.start(WorkerOptions.defaults().withWorkerData(memory), worker -> {
                    Int32Array shared = ((SharedBuffer) worker.workerData()).int32();
                    for (int i = 0; i < INCREMENTS; i++) {
                        Atomics.add(shared, 0, 1);
                    }
                }).onExit(code -> {
                    if (++exited[0] == WORKERS) {
                        out.println("counter = " + Atomics.load(counter, 0) + " (" + WORKERS + " workers x " + INCREMENTS
                                + " increments, none lost)");
                    }
                });
            }
        });
    }
}
