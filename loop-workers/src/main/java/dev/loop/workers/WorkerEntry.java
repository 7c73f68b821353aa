package dev.loop.workers;

/**
 * A worker's entry point, the Java counterpart of a worker script: it runs as the first callback
 * of the worker's own loop, which then runs until nothing keeps it alive.
 */
@FunctionalInterface
public interface WorkerEntry {

    /**
     * Runs on the worker's thread, inside its loop.
     *
     * @param worker the worker's side: its loop, parent port, data, id and name
     * @throws Exception to fail the worker: the parent gets an error event, then exit code 1
     */
    void main(WorkerContext worker) throws Exception;
}
