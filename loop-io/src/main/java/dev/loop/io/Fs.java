package dev.loop.io;

import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.FileHandle;
import dev.loop.io.spi.FileIo;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Node's {@code fs/promises} on an event loop: every method starts the operation and returns a
 * promise of the loop, settled on the loop thread in a poll phase. Every operation goes through
 * the backend's {@link FileIo}, which runs on the work pool (as libuv does) whatever it does not
 * do natively. Failures reject with an {@link ErrnoException} that carries Node's code and the
 * path: {@link NoSuchFileOrDirectoryException}, {@link PermissionDeniedException},
 * {@link IsADirectoryException}, {@link NotADirectoryException}, {@link FileExistsException},
 * {@link NotEmptyException}, {@link NoSpaceLeftOnDeviceException},
 * {@link TooManyOpenFilesException}.
 *
 * <p><b>Thread safety:</b> loop thread only; the methods throw {@link IllegalStateException}
 * elsewhere. Buffers passed to {@link #read} and {@link #write}, and arrays passed to
 * {@link #writeFile} and {@link #appendFile}, belong to the operation until its promise settles.
 */
public final class Fs {

    private final EventLoop loop;
    private final FileIo files;
    private final LoopThread thread;
    private final ChunkPool chunks = new ChunkPool();

    Fs(EventLoop loop, FileIo files, LoopThread thread) {
        this.loop = loop;
        this.files = files;
        this.thread = thread;
    }

    /** The buffers its streams lend to pipelines, for tests. */
    ChunkPool chunkPool() {
        return chunks;
    }

    /**
     * The whole file ({@code fs.readFile}).
     *
     * @param path the file
     * @return its bytes
     */
    public Promise<byte[]> readFile(Path path) {
        Objects.requireNonNull(path, "path");
        return start("readFile", path, done -> files.readFile(path, done));
    }

    /**
     * The whole file as text ({@code fs.readFile(path, encoding)}). As in Node, bytes that are not
     * valid in {@code charset} become U+FFFD rather than an error; read the bytes with
     * {@link #readFile(Path)} and decode them with a {@link java.nio.charset.CharsetDecoder} set to
     * {@code REPORT} to reject them instead.
     *
     * @param path the file
     * @param charset how it is encoded
     * @return its text
     */
    public Promise<String> readFile(Path path, Charset charset) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(charset, "charset");
        return start("readFile", path, done -> files.readFile(path, charset, done));
    }

    /**
     * Replaces the file's contents, creating it if needed ({@code fs.writeFile}).
     *
     * @param path the file
     * @param data the new contents; not to be changed until the promise settles
     * @return settles when written
     */
    public Promise<Void> writeFile(Path path, byte[] data) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(data, "data");
        return start("writeFile", path, done -> files.writeFile(path, data, done));
    }

    /**
     * Appends to the file, creating it if needed ({@code fs.appendFile}).
     *
     * @param path the file
     * @param data what to append; not to be changed until the promise settles
     * @return settles when written
     */
    public Promise<Void> appendFile(Path path, byte[] data) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(data, "data");
        return start("appendFile", path, done -> files.appendFile(path, data, done));
    }

    /**
     * {@link #readFile(Path)} that {@code signal} can abort ({@code fs.readFile(path, {signal})}):
     * it rejects with an {@link dev.loop.api.AbortError} as soon as the signal aborts, and never
     * starts if it already has. As in Node, a read already handed to the system finishes; its
     * bytes are dropped.
     *
     * @param path the file
     * @param signal aborts it
     * @return its bytes
     */
    public Promise<byte[]> readFile(Path path, AbortSignal signal) {
        return abortable(signal, () -> readFile(path));
    }

    /**
     * {@link #readFile(Path, Charset)} that {@code signal} can abort.
     *
     * @param path the file
     * @param charset how it is encoded
     * @param signal aborts it
     * @return its text
     */
    public Promise<String> readFile(Path path, Charset charset, AbortSignal signal) {
        return abortable(signal, () -> readFile(path, charset));
    }

    /**
     * {@link #writeFile(Path, byte[])} that {@code signal} can abort. A signal that has aborted
     * before the call prevents the write; once the write has been handed to the backend it runs to
     * its end, and the promise still rejects with the {@link dev.loop.api.AbortError} (as in Node,
     * where an abort stops only what has not been handed to the system). Do not retry a write you
     * aborted mid-way without checking the file.
     *
     * @param path the file
     * @param data the new contents
     * @param signal aborts it
     * @return settles when written, or rejects when aborted
     */
    public Promise<Void> writeFile(Path path, byte[] data, AbortSignal signal) {
        return abortable(signal, () -> writeFile(path, data));
    }

    /**
     * {@link #appendFile(Path, byte[])} that {@code signal} can abort, with the caveat of
     * {@link #writeFile(Path, byte[], AbortSignal)}: an append already handed to the backend still
     * happens, so retrying one aborted mid-way may append twice.
     *
     * @param path the file
     * @param data what to append
     * @param signal aborts it
     * @return settles when written, or rejects when aborted
     */
    public Promise<Void> appendFile(Path path, byte[] data, AbortSignal signal) {
        return abortable(signal, () -> appendFile(path, data));
    }

    /** The operation raced with the signal; not started if the signal has aborted already. */
    private <T> Promise<T> abortable(AbortSignal signal, java.util.function.Supplier<Promise<T>> operation) {
        Objects.requireNonNull(signal, "signal");
        thread.check("Fs", "an abortable operation");
        return signal.aborted() ? loop.rejected(AbortError.of(signal)) : operation.get().abortOn(signal);
    }

    /**
     * Opens a file ({@code fs.open}); with no options, for reading.
     *
     * @param path the file
     * @param options as for {@link java.nio.channels.FileChannel#open}
     * @return the handle, for {@link #read}, {@link #write}, {@link #fsync} and {@link #close}
     */
    public Promise<FileHandle> open(Path path, OpenOption... options) {
        Objects.requireNonNull(path, "path");
        Set<OpenOption> set = options.length == 0 ? Set.of(StandardOpenOption.READ) : Set.of(options);
        return start("open", path, done -> files.open(path, set, done));
    }

    /**
     * Reads into {@code into} from its position up to its limit ({@code fs.read}).
     *
     * @param file an open file
     * @param into where to; its position advances by the bytes read
     * @param position where in the file, or {@link FileIo#CURRENT}
     * @return the number of bytes read, -1 at the end of the file
     */
    public Promise<Integer> read(FileHandle file, ByteBuffer into, long position) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(into, "into");
        return start("read", file.path(), done -> files.read(file, into, position, done));
    }

    /**
     * Writes all of {@code from}'s remaining bytes ({@code fs.write}).
     *
     * @param file an open file
     * @param from what; its position advances to its limit
     * @param position where in the file, or {@link FileIo#CURRENT}
     * @return the number of bytes written
     */
    public Promise<Integer> write(FileHandle file, ByteBuffer from, long position) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(from, "from");
        return start("write", file.path(), done -> files.write(file, from, position, done));
    }

    /**
     * Flushes the file to its device ({@code fs.fsync}).
     *
     * @param file an open file
     * @return settles when durable
     */
    public Promise<Void> fsync(FileHandle file) {
        Objects.requireNonNull(file, "file");
        return start("fsync", file.path(), done -> files.fsync(file, done));
    }

    /**
     * Closes the file ({@code fs.close}).
     *
     * @param file an open file
     * @return settles when closed
     */
    public Promise<Void> close(FileHandle file) {
        Objects.requireNonNull(file, "file");
        return start("close", file.path(), done -> files.close(file, done));
    }

    /**
     * The file's metadata, following links ({@code fs.stat}).
     *
     * @param path the file
     * @return its stats
     */
    public Promise<Stats> stat(Path path) {
        Objects.requireNonNull(path, "path");
        return start("stat", path, done -> files.stat(path, done));
    }

    /**
     * The names in a directory, sorted ({@code fs.readdir}).
     *
     * @param path the directory
     * @return the names of its entries
     */
    public Promise<List<String>> readdir(Path path) {
        Objects.requireNonNull(path, "path");
        return start("readdir", path, done -> files.readdir(path, done));
    }

    /**
     * Creates a directory ({@code fs.mkdir}); with {@code recursive}, also its parents, and no
     * error if it exists.
     *
     * @param path the directory
     * @param recursive whether to create parents as needed
     * @return settles when created
     */
    public Promise<Void> mkdir(Path path, boolean recursive) {
        Objects.requireNonNull(path, "path");
        return start("mkdir", path, done -> files.mkdir(path, recursive, done));
    }

    /**
     * Removes a file or directory ({@code fs.rm}); symbolic links are removed, not followed.
     *
     * @param path what to remove
     * @param recursive whether to remove a directory with its contents
     * @param force whether a missing path is fine
     * @return settles when removed
     */
    public Promise<Void> rm(Path path, boolean recursive, boolean force) {
        Objects.requireNonNull(path, "path");
        return start("rm", path, done -> files.rm(path, recursive, force, done));
    }

    /**
     * Renames a file or directory atomically, replacing the target if it is a file
     * ({@code fs.rename}).
     *
     * @param from the old path
     * @param to the new path
     * @return settles when renamed
     */
    public Promise<Void> rename(Path from, Path to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return start("rename", from, done -> files.rename(from, to, done));
    }

    /**
     * Copies a file, replacing the target ({@code fs.copyFile}).
     *
     * @param from the source
     * @param to the target
     * @return settles when copied
     */
    public Promise<Void> copyFile(Path from, Path to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return start("copyFile", from, done -> files.copyFile(from, to, done));
    }

    /** Node's default chunk size for file streams: 64 KiB. */
    public static final int STREAM_CHUNK = 64 * 1024;

    /**
     * Reads a file in chunks ({@code fs.createReadStream}).
     *
     * @param path the file
     * @return the stream; it opens the file when its data handler is set
     */
    public FileReadStream createReadStream(Path path) {
        return createReadStream(path, STREAM_CHUNK);
    }

    /**
     * Reads a file in chunks of at most {@code highWaterMark} bytes.
     *
     * @param path the file
     * @param highWaterMark the chunk size, at least 1
     * @return the stream
     */
    public FileReadStream createReadStream(Path path, int highWaterMark) {
        Objects.requireNonNull(path, "path");
        thread.check("Fs", "createReadStream");
        return new FileReadStream(loop, files, chunks, thread, path, chunk(highWaterMark));
    }

    /**
     * Writes a file in chunks, creating or truncating it ({@code fs.createWriteStream}).
     *
     * @param path the file
     * @return the stream; {@code write} returns false once {@value #STREAM_CHUNK} bytes wait
     */
    public FileWriteStream createWriteStream(Path path) {
        return createWriteStream(path, STREAM_CHUNK);
    }

    /**
     * Writes a file in chunks, with {@code write} returning false once {@code highWaterMark}
     * bytes or more wait.
     *
     * @param path the file
     * @param highWaterMark the back-pressure threshold, at least 1
     * @return the stream
     */
    public FileWriteStream createWriteStream(Path path, int highWaterMark) {
        Objects.requireNonNull(path, "path");
        thread.check("Fs", "createWriteStream");
        return new FileWriteStream(loop, files, chunks, thread, path, chunk(highWaterMark));
    }

    private static int chunk(int highWaterMark) {
        if (highWaterMark < 1) {
            throw new IllegalArgumentException("highWaterMark must be at least 1 byte, got " + highWaterMark);
        }
        return highWaterMark;
    }

    /** Starts a backend operation as a promise; its failure becomes an {@link ErrnoException} about {@code path}. */
    private <T> Promise<T> start(String operation, Path path, Consumer<Completion<T>> begin) {
        thread.check("Fs", operation);
        Promise.Resolvers<T> result = loop.withResolvers();
        begin.accept(Completion.of(value -> {
            result.resolve(value);
        }, error -> {
            result.reject(ErrnoExceptions.map(error, operation, path));
        }));
        return result.promise();
    }
}
