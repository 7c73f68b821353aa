package dev.loop.io;

import dev.loop.api.EventSource;

/**
 * A source of chunks (Node's readable stream), as {@link Streams#pipeline} sees it: it emits
 * {@link Streams#DATA}, then {@link Streams#END}, or {@link Streams#ERROR}. A data listener starts
 * it; {@link #pause()} holds chunks back until {@link #resume()}. {@link FileReadStream},
 * {@link Socket} and a child's standard output are readable streams.
 */
public interface ReadableStream extends EventSource {

    /** Holds chunks back until {@link #resume()}. */
    void pause();

    /** Delivers chunks again after {@link #pause()}. */
    void resume();

    /** Stops at once and releases what the stream holds (its file, its socket); no end event follows. */
    void destroy();

    /**
     * Runs {@code action} once the stream has closed: after its end, its error or its destruction
     * ({@link Streams#CLOSE}, or a socket's close event).
     *
     * @param action what to run
     * @return its registration
     */
    default dev.loop.api.Registration whenClosed(Runnable action) {
        return once(Streams.CLOSE, action);
    }
}
