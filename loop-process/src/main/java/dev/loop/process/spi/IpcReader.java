package dev.loop.process.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * The reading end of one queue of a {@link IpcTransportProvider transport}.
 *
 * <p><b>Thread safety:</b> one thread at a time reads (the reading process's channel thread);
 * {@link #close()} runs after its last read.
 */
public interface IpcReader extends Closeable {

    /**
     * The next whole message, without blocking.
     *
     * @return its bytes, or null when no whole message is there yet
     * @throws IOException if the queue's contents are not a message this transport wrote (a
     *     corrupted file): the channel then ends
     */
    byte[] read() throws IOException;

    /**
     * Whether {@link #read()} would return a message now. A reader about to sleep calls it after
     * announcing that it sleeps, so it must see every message written before that.
     *
     * @return true if a whole message is waiting
     */
    boolean hasNext();

    /** Releases the reader's resources. */
    @Override
    void close();
}
