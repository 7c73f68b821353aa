package dev.loop.io.spi;

import java.nio.file.Path;

/**
 * An open file, as a backend represents it. Opaque to users: only the backend that opened it may
 * read, write or close it.
 *
 * <p><b>Thread safety:</b> owned by the loop thread; backends may use it on their worker threads
 * while an operation on it is in flight.
 */
public interface FileHandle {

    /**
     * The path it was opened with.
     *
     * @return the path
     */
    Path path();
}
