package dev.loop.api;

/**
 * A listener's registration: close it to stop listening. What {@link EventSource#on},
 * {@link Emitter#on} and {@link AbortSignal#onAbort} return.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /** Removes the listener; does nothing the second time, or after a one-time listener ran. */
    @Override
    void close();
}
