package dev.loop.io;

import dev.loop.api.EventSource;
import java.nio.ByteBuffer;

/**
 * A destination of chunks (Node's writable stream), as {@link Streams#pipeline} sees it:
 * {@link #write} returns false when the caller should wait for {@link Streams#DRAIN};
 * {@link #end()} is followed by {@link Streams#FINISH} once everything is written, or by
 * {@link Streams#ERROR}. {@link FileWriteStream}, {@link Socket} and a child's standard input are
 * writable streams.
 */
public interface WritableStream extends EventSource {

    /**
     * Writes a chunk; the buffer belongs to the stream until written.
     *
     * @param data the bytes, from position to limit
     * @return false when the caller should wait for {@link Streams#DRAIN}
     */
    boolean write(ByteBuffer data);

    /** Finishes once what was written is written. */
    void end();

    /** Stops at once, dropping what waits, and releases what the stream holds. */
    void destroy();

    /**
     * Runs {@code action} once the stream has closed: after its finish, its error or its
     * destruction ({@link Streams#CLOSE}, or a socket's close event).
     *
     * @param action what to run
     * @return its registration
     */
    default dev.loop.api.Registration whenClosed(Runnable action) {
        return once(Streams.CLOSE, action);
    }
}
