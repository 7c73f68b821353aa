package com.example.porter;

import com.example.porter.jobs.Done;
import com.example.porter.jobs.Slice;
import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import dev.loop.workers.Worker;
import dev.loop.workers.WorkerOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A pool of workers that sum a range into shared memory, as a Node porter writes it with
 * {@code worker_threads}, a {@code SharedArrayBuffer} and {@code Atomics}: each worker adds its
 * slice into cell 0 with {@code Atomics.add}, counts itself done in cell 1, notifies, and posts a
 * {@link Done} record.
 */
public final class WorkerPool {

    /** The pool's outcome. */
    public record Outcome(long sum, int done, List<Done> messages, List<Integer> exitCodes) {
    }

    private WorkerPool() {
    }

    /**
     * Sums {@code 0..n-1} with {@code workers} workers; call on {@code loop}'s thread.
     *
     * @param loop the parent's loop
     * @param n how many numbers
     * @param workers how many workers
     * @return the outcome once every worker has exited
     */
    public static Promise<Outcome> sum(EventLoop loop, int n, int workers) {
        SharedBuffer counters = SharedBuffer.allocate(8);
        Int32Array cells = counters.int32();
        List<Done> messages = new ArrayList<>();
        List<Promise<Integer>> exits = new ArrayList<>();
        int per = (n + workers - 1) / workers;
        for (int w = 0; w < workers; w++) {
            Slice slice = new Slice(w * per, Math.min(n, (w + 1) * per), counters);
            Worker worker = Worker.start(WorkerOptions.defaults().withWorkerData(slice), context -> {
                Slice mine = (Slice) context.workerData();
                Int32Array shared = mine.counters().int32();
                for (int i = mine.from(); i < mine.to(); i++) {
                    Atomics.add(shared, 0, i);
                }
                Atomics.add(shared, 1, 1);
                Atomics.notify(shared, 1);          // no count: every waiter, as in ECMAScript
                context.parentPort().postMessage(new Done(context.threadId(), mine.to() - mine.from()));
            });
            worker.onMessage(Done.class, messages::add);   // typed: no cast
            exits.add(worker.exited());
        }
        return Promise.all(loop, exits).then(codes -> new Outcome(Atomics.load(cells, 0), Atomics.load(cells, 1), messages, codes));
    }
}
