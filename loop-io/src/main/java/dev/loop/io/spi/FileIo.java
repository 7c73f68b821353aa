package dev.loop.io.spi;

import dev.loop.io.Stats;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * A backend's file operations, completion-style: see {@link IoBackend} for ownership and
 * {@link Completion} for where results arrive. Positions are byte offsets; {@link #CURRENT} means
 * the file's own position, which the operation advances.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
public interface FileIo {

    /** Passed as a position: read or write at the file's current position and advance it. */
    long CURRENT = -1;

    /**
     * Opens a file.
     *
     * @param path the file
     * @param options how, as for {@link java.nio.channels.FileChannel#open}
     * @param done receives the handle
     */
    void open(Path path, Set<? extends OpenOption> options, Completion<FileHandle> done);

    /**
     * Reads into {@code into}, from its position to its limit at most; advances its position.
     *
     * @param file the file
     * @param into the buffer, owned by the backend until {@code done} runs
     * @param position where in the file, or {@link #CURRENT}
     * @param done receives the number of bytes read, -1 at the end of the file
     */
    void read(FileHandle file, ByteBuffer into, long position, Completion<Integer> done);

    /**
     * Writes all of {@code from}'s remaining bytes; advances its position.
     *
     * @param file the file
     * @param from the buffer, owned by the backend until {@code done} runs
     * @param position where in the file, or {@link #CURRENT}
     * @param done receives the number of bytes written
     */
    void write(FileHandle file, ByteBuffer from, long position, Completion<Integer> done);

    /**
     * Flushes the file's data and metadata to the device.
     *
     * @param file the file
     * @param done runs when it is durable
     */
    void fsync(FileHandle file, Completion<Void> done);

    /**
     * Closes the file. The handle may not be used afterwards.
     *
     * @param file the file
     * @param done runs when it is closed
     */
    void close(FileHandle file, Completion<Void> done);

    /**
     * Reads a file's metadata, following symbolic links.
     *
     * @param path the file
     * @param done receives the stats
     */
    void stat(Path path, Completion<Stats> done);
}
