package dev.loop.workers;

import dev.loop.api.AbortSignal;
import dev.loop.api.LoopOptions;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link Worker}: its name, its {@code workerData} (a structured value, cloned, with
 * an optional transfer list), and the options of its loop.
 *
 * @param name the worker's name, also its thread's name; empty for none
 * @param workerData the value the worker receives as {@link WorkerContext#workerData()}
 * @param transferList objects in {@code workerData} to move instead of copy
 * @param loopOptions options for the worker's loop (its name is the worker's); by default it
 *     {@linkplain LoopOptions#spinBeforeSleep() spins briefly before sleeping}, so that a worker
 *     catches a fast partner's reply without a park and an unpark
 * @param signal terminates the worker when it aborts ({@link Worker#terminate()}), also before it
 *     started; null for none
 */
public record WorkerOptions(String name, Object workerData, List<?> transferList, LoopOptions loopOptions,
                            AbortSignal signal) {

    /** Checks the parts. */
    public WorkerOptions {
        Objects.requireNonNull(name, "name");
        transferList = List.copyOf(transferList);
        Objects.requireNonNull(loopOptions, "loopOptions");
    }

    /**
     * No name, no data, default loop options that spin briefly before sleeping.
     *
     * @return the defaults
     */
    public static WorkerOptions defaults() {
        return new WorkerOptions("", null, List.of(), LoopOptions.defaults().withSpinBeforeSleep(true), null);
    }

    /**
     * With a name.
     *
     * @param name the worker's name
     * @return new options
     */
    public WorkerOptions withName(String name) {
        return new WorkerOptions(name, workerData, transferList, loopOptions, signal);
    }

    /**
     * With data, copied into the worker.
     *
     * @param workerData a structured value
     * @return new options
     */
    public WorkerOptions withWorkerData(Object workerData) {
        return new WorkerOptions(name, workerData, List.of(), loopOptions, signal);
    }

    /**
     * With data, moving the objects in {@code transferList} into the worker.
     *
     * @param workerData a structured value
     * @param transferList what to move
     * @return new options
     */
    public WorkerOptions withWorkerData(Object workerData, List<?> transferList) {
        return new WorkerOptions(name, workerData, transferList, loopOptions, signal);
    }

    /**
     * With options for the worker's loop.
     *
     * @param loopOptions the loop's options
     * @return new options
     */
    public WorkerOptions withLoopOptions(LoopOptions loopOptions) {
        return new WorkerOptions(name, workerData, transferList, loopOptions, signal);
    }

    /**
     * With a signal that terminates the worker when it aborts, as {@link Worker#terminate()}: its
     * exit code is then 1. A signal that has aborted already stops it as soon as it starts.
     *
     * @param signal the signal
     * @return new options
     */
    public WorkerOptions withSignal(AbortSignal signal) {
        return new WorkerOptions(name, workerData, transferList, loopOptions, Objects.requireNonNull(signal, "signal"));
    }
}
