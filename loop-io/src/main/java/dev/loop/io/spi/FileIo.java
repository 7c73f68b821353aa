package dev.loop.io.spi;

import dev.loop.io.Stats;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A backend's file operations, completion-style: see {@link IoBackend} for ownership and
 * {@link Completion} for where results arrive. Positions are byte offsets; {@link #CURRENT} means
 * the file's own position, which the operation advances.
 *
 * <p>A backend implements the handle operations ({@link #open}, {@link #read}, {@link #write},
 * {@link #fsync}, {@link #close}) and {@link #stat}. The whole-file and directory operations
 * ({@link #readFile}, {@link #writeFile}, {@link #appendFile}, {@link #readdir}, {@link #mkdir},
 * {@link #rm}, {@link #rename}, {@link #copyFile}) have defaults that make the blocking
 * {@code java.nio.file} call on the loop's work pool through {@link #context()}, as libuv does
 * without io_uring; a backend overrides those it does natively, and must keep their semantics,
 * which follow Node's {@code fs} and are spelled out on each method. Failures are the JDK's
 * {@link java.io.IOException}s (or, from a native backend, exceptions that the API maps to the
 * same codes); the conformance suite checks the codes of the main ones.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
public interface FileIo {

    /** Passed as a position: read or write at the file's current position and advance it. */
    long CURRENT = -1;

    /**
     * The context the backend was created with, through which the default operations reach the
     * loop's work pool.
     *
     * @return the context {@link IoBackendProvider#create} received
     */
    IoBackendContext context();

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

    /**
     * Reads a whole file ({@code fs.readFile}). A file that grows or shrinks while it is read is
     * read as it is at the end: the bytes there are, not the size it had when opened.
     *
     * @param path the file
     * @param done receives its bytes; fails with {@code ENOENT} if it does not exist and
     *     {@code EISDIR} if it is a directory
     */
    default void readFile(Path path, Completion<byte[]> done) {
        Objects.requireNonNull(path, "path");
        context().offload(IoResourceKinds.FS, () -> BlockingFiles.readFile(path), done);
    }

    /**
     * Reads a whole file as text, as Node's {@code fs.readFile(path, encoding)} does: bytes that are
     * not valid in {@code charset} become the replacement character U+FFFD (the charset's
     * replacement), and never fail the operation.
     *
     * @param path the file
     * @param charset how it is encoded
     * @param done receives its text; fails as {@link #readFile(Path, Completion)} does
     */
    default void readFile(Path path, Charset charset, Completion<String> done) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(charset, "charset");
        context().offload(IoResourceKinds.FS, () -> BlockingFiles.readFile(path, charset), done);
    }

    /**
     * Replaces a file's contents, creating it if needed ({@code fs.writeFile}).
     *
     * @param path the file
     * @param data the new contents, owned by the backend until {@code done} runs
     * @param done runs when written; fails with {@code ENOENT} if its directory does not exist
     *     and {@code EISDIR} if it is a directory
     */
    default void writeFile(Path path, byte[] data, Completion<Void> done) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(data, "data");
        context().offload(IoResourceKinds.FS, () -> BlockingFiles.writeFile(path, data), done);
    }

    /**
     * Appends to a file, creating it if needed ({@code fs.appendFile}).
     *
     * @param path the file
     * @param data what to append, owned by the backend until {@code done} runs
     * @param done runs when written; fails as {@link #writeFile} does
     */
    default void appendFile(Path path, byte[] data, Completion<Void> done) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(data, "data");
        context().offload(IoResourceKinds.FS, () -> BlockingFiles.appendFile(path, data), done);
    }

    /**
     * Lists a directory ({@code fs.readdir}).
     *
     * @param path the directory
     * @param done receives the names of its entries, sorted; fails with {@code ENOENT} if it does
     *     not exist and {@code ENOTDIR} if it is not a directory
     */
    default void readdir(Path path, Completion<List<String>> done) {
        Objects.requireNonNull(path, "path");
        context().offload(IoResourceKinds.FS, () -> BlockingFiles.readdir(path), done);
    }

    /**
     * Creates a directory ({@code fs.mkdir}).
     *
     * @param path the directory
     * @param recursive whether to create its missing parents too, and accept a directory that
     *     exists already
     * @param done runs when created; fails with {@code EEXIST} if the path exists (with
     *     {@code recursive}, only if it is not a directory), {@code ENOENT} if the parent does not
     *     exist (without {@code recursive}) and {@code ENOTDIR} if a parent is a file
     */
    default void mkdir(Path path, boolean recursive, Completion<Void> done) {
        Objects.requireNonNull(path, "path");
        context().offload(IoResourceKinds.FS, () -> BlockingFiles.mkdir(path, recursive), done);
    }

    /**
     * Removes a file or a directory ({@code fs.rm}), never following symbolic links: a link is
     * removed, not what it points to.
     *
     * @param path what to remove
     * @param recursive whether a directory goes with everything in it; without, only an empty one
     *     may be removed
     * @param force whether a path that does not exist is fine
     * @param done runs when removed; fails with {@code ENOENT} if the path does not exist (without
     *     {@code force}) and {@code ENOTEMPTY} if it is a directory with entries (without
     *     {@code recursive})
     */
    default void rm(Path path, boolean recursive, boolean force, Completion<Void> done) {
        Objects.requireNonNull(path, "path");
        context().offload(IoResourceKinds.FS, () -> BlockingFiles.rm(path, recursive, force), done);
    }

    /**
     * Renames a file or a directory atomically, replacing the target if it is a file or an empty
     * directory ({@code fs.rename}, POSIX {@code rename}).
     *
     * @param from the old path
     * @param to the new path, on the same file system
     * @param done runs when renamed; fails with {@code ENOENT} if {@code from} does not exist,
     *     {@code ENOTEMPTY} if {@code to} is a directory with entries, {@code EISDIR} if a file
     *     would replace a directory and {@code ENOTDIR} if a directory would replace a file
     */
    default void rename(Path from, Path to, Completion<Void> done) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        context().offload(IoResourceKinds.FS, () -> BlockingFiles.rename(from, to), done);
    }

    /**
     * Copies a file's contents, replacing the target's ({@code fs.copyFile}).
     *
     * @param from the source file
     * @param to the target file
     * @param done runs when copied; fails with {@code ENOENT} if {@code from} does not exist and
     *     {@code EISDIR} if either is a directory (which is left as it was)
     */
    default void copyFile(Path from, Path to, Completion<Void> done) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        context().offload(IoResourceKinds.FS, () -> BlockingFiles.copyFile(from, to), done);
    }
}
