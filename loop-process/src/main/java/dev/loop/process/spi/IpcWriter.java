package dev.loop.process.spi;

import java.io.Closeable;

/**
 * The writing end of one queue of a {@link IpcTransportProvider transport}.
 *
 * <p><b>Thread safety:</b> one thread at a time writes (the writing process's loop thread);
 * {@link #close()} runs after its last write.
 */
public interface IpcWriter extends Closeable {

    /**
     * Appends one whole message, or nothing. The reader sees it once this returns true, and sees
     * the messages of one writer in the order they were written.
     *
     * @param message the message's bytes; the transport copies them before returning
     * @return true if it was written; false when a bounded queue has no room for it now
     * @throws IllegalArgumentException if the message is longer than {@link #maxMessageBytes()}
     */
    boolean write(byte[] message);

    /**
     * The longest message this queue can ever take.
     *
     * @return the limit in bytes
     */
    int maxMessageBytes();

    /** Releases the writer's resources (not the queue: the reader may still read it). */
    @Override
    void close();
}
