package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import dev.loop.workers.Worker;
import dev.loop.workers.WorkerOptions;
import java.io.PrintStream;

/**
 * The article's worker example: two workers, each given its number as workerData, each replying
 * through its parent port. Which reply comes first is up to the two threads.
 */
final class WorkerDataStop implements Stop {

    @Override
    public String title() {
        return "Workers: two threads with loops of their own, talking through ports";
    }

    @Override
    public void run(Io io, PrintStream out) {
        EventLoop loop = io.loop();
        int[] exited = new int[1];
        loop.run(() -> {
            for (int n = 1; n <= 2; n++) {
                Worker.start(WorkerOptions.defaults().withWorkerData(n),
                                worker -> worker.parentPort().postMessage("I am Worker Data " + worker.workerData()))
                        .onMessage(out::println)
                        .onExit(code -> {
                            if (++exited[0] == 2) {
                                out.println("both workers exited with code " + code);
                            }
                        });
            }
        });
    }
}
