package dev.loop.workers;

import dev.loop.api.EventLoop;

/**
 * A worker's own side, given to its {@link WorkerEntry}: Node's {@code parentPort},
 * {@code workerData}, {@code threadId} and {@code process.exit} inside a worker. Use it on the
 * worker's loop thread.
 */
public final class WorkerContext {

    private final EventLoop loop;
    private final MessagePort parentPort;
    private final Object workerData;
    private final int threadId;
    private final String name;
    private volatile Integer exitCode;

    WorkerContext(EventLoop loop, MessagePort parentPort, Object workerData, int threadId, String name) {
        this.loop = loop;
        this.parentPort = parentPort;
        this.workerData = workerData;
        this.threadId = threadId;
        this.name = name;
    }

    /**
     * The worker's loop.
     *
     * @return the loop this worker runs on
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * The port to the parent: what it posts reaches the {@link Worker}'s message listener, and
     * {@link Worker#postMessage} arrives here. Listening on it keeps the worker alive.
     *
     * @return the parent port
     */
    public MessagePort parentPort() {
        return parentPort;
    }

    /**
     * The copy of {@link WorkerOptions#workerData()} made for this worker.
     *
     * @return the data, or null
     */
    public Object workerData() {
        return workerData;
    }

    /**
     * This worker's id, unique in the process; the main thread is 0.
     *
     * @return the id
     */
    public int threadId() {
        return threadId;
    }

    /**
     * The name from {@link WorkerOptions#name()}.
     *
     * @return the name, possibly empty
     */
    public String name() {
        return name;
    }

    /**
     * Ends the worker with {@code code} (Node's {@code process.exit} in a worker): the loop closes
     * after the current callback, and the parent gets the exit event with this code.
     *
     * @param code the exit code
     */
    public void exit(int code) {
        exitCode = code;
        loop.close();
    }

    Integer exitCode() {
        return exitCode;
    }
}
