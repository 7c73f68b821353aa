package dev.loop.io;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.FileHandle;
import dev.loop.io.spi.FileIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Node's {@code fs/promises} on an event loop: every method starts the operation and returns a
 * promise of the loop, settled on the loop thread in a poll phase. Whole-file and directory
 * operations run on the work pool (as libuv's do); handle operations go through the backend.
 * Failures reject with an {@link ErrnoException} that carries Node's code and the path:
 * {@link NoSuchFileOrDirectoryException}, {@link PermissionDeniedException}, {@link IsADirectoryException}, {@link NotADirectoryException},
 * {@link FileExistsException}, {@link NotEmptyException}.
 *
 * <p><b>Thread safety:</b> loop thread only. Buffers passed to {@link #read} and {@link #write}
 * belong to the operation until its promise settles.
 */
public final class Fs {

    private final EventLoop loop;
    private final FileIo files;
    private final Work work;

    Fs(EventLoop loop, FileIo files, Work work) {
        this.loop = loop;
        this.files = files;
        this.work = work;
    }

    /**
     * The whole file ({@code fs.readFile}).
     *
     * @param path the file
     * @return its bytes
     */
    public Promise<byte[]> readFile(Path path) {
        return offload("readFile", path, () -> readAll(path));
    }

    /**
     * Files from this size on are copied from a memory map: one copy, where {@code read()} into a
     * heap array copies twice (through the JDK's temporary direct buffer). Measured with
     * loop-bench's FileReads: 100 MiB in 29 ms instead of 47 (Node: 64).
     */
    private static final long MAP_FROM_BYTES = 1 << 20;

    /** Reads a small file from its open channel; a file that changed size is read again whole. */
    private static byte[] readSmall(java.nio.channels.FileChannel channel, int size, Path path) throws IOException {
        byte[] data = new byte[size];
        ByteBuffer into = ByteBuffer.wrap(data);
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                return java.util.Arrays.copyOf(data, into.position()); // it shrank meanwhile
            }
        }
        if (channel.read(ByteBuffer.allocate(1)) > 0) {
            return Files.readAllBytes(path); // it grew meanwhile
        }
        return data;
    }

    private static byte[] readAll(Path path) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < MAP_FROM_BYTES) {
                return readSmall(channel, (int) size, path);
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException("file too large for one array: " + size + " bytes; read it with open/read instead");
            }
            byte[] data = new byte[(int) size];
            // A confined arena unmaps as soon as the copy is done, instead of whenever GC runs.
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                java.lang.foreign.MemorySegment mapped = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size, arena);
                java.lang.foreign.MemorySegment.copy(mapped, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, data, 0, data.length);
            } catch (InternalError truncated) {
                // the JVM's report of a fault in a mapping: the file shrank while it was copied
                throw new IOException("the file shrank while it was read", truncated);
            }
            return data;
        }
    }

    /**
     * The whole file as text ({@code fs.readFile(path, encoding)}).
     *
     * @param path the file
     * @param charset how it is encoded
     * @return its text
     */
    public Promise<String> readFile(Path path, Charset charset) {
        Objects.requireNonNull(charset, "charset");
        return offload("readFile", path, () -> Files.readString(path, charset));
    }

    /**
     * Replaces the file's contents, creating it if needed ({@code fs.writeFile}).
     *
     * @param path the file
     * @param data the new contents; not to be changed until the promise settles
     * @return settles when written
     */
    public Promise<Void> writeFile(Path path, byte[] data) {
        Objects.requireNonNull(data, "data");
        return offload("writeFile", path, () -> {
            Files.write(path, data);
            return null;
        });
    }

    /**
     * Appends to the file, creating it if needed ({@code fs.appendFile}).
     *
     * @param path the file
     * @param data what to append; not to be changed until the promise settles
     * @return settles when written
     */
    public Promise<Void> appendFile(Path path, byte[] data) {
        Objects.requireNonNull(data, "data");
        return offload("appendFile", path, () -> {
            Files.write(path, data, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            return null;
        });
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
        return backend("open", path, done -> files.open(path, set, done));
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
        Objects.requireNonNull(into, "into");
        return backend("read", file.path(), done -> files.read(file, into, position, done));
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
        Objects.requireNonNull(from, "from");
        return backend("write", file.path(), done -> files.write(file, from, position, done));
    }

    /**
     * Flushes the file to its device ({@code fs.fsync}).
     *
     * @param file an open file
     * @return settles when durable
     */
    public Promise<Void> fsync(FileHandle file) {
        return backend("fsync", file.path(), done -> files.fsync(file, done));
    }

    /**
     * Closes the file ({@code fs.close}).
     *
     * @param file an open file
     * @return settles when closed
     */
    public Promise<Void> close(FileHandle file) {
        return backend("close", file.path(), done -> files.close(file, done));
    }

    /**
     * The file's metadata, following links ({@code fs.stat}).
     *
     * @param path the file
     * @return its stats
     */
    public Promise<Stats> stat(Path path) {
        Objects.requireNonNull(path, "path");
        return backend("stat", path, done -> files.stat(path, done));
    }

    /**
     * The names in a directory, sorted ({@code fs.readdir}).
     *
     * @param path the directory
     * @return the names of its entries
     */
    public Promise<List<String>> readdir(Path path) {
        return offload("readdir", path, () -> {
            try (Stream<Path> entries = Files.list(path)) {
                return entries.map(p -> p.getFileName().toString()).sorted().toList();
            }
        });
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
        return offload("mkdir", path, () -> {
            if (recursive) {
                Files.createDirectories(path);
            } else {
                Files.createDirectory(path);
            }
            return null;
        });
    }

    /**
     * Removes a file or directory ({@code fs.rm}).
     *
     * @param path what to remove
     * @param recursive whether to remove a directory with its contents
     * @param force whether a missing path is fine
     * @return settles when removed
     */
    public Promise<Void> rm(Path path, boolean recursive, boolean force) {
        return offload("rm", path, () -> {
            if (force && !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (recursive && Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> tree = Files.walk(path)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            } else {
                Files.delete(path);
            }
            return null;
        });
    }

    /**
     * Renames a file or directory, replacing the target if it is a file ({@code fs.rename}).
     *
     * @param from the old path
     * @param to the new path
     * @return settles when renamed
     */
    public Promise<Void> rename(Path from, Path to) {
        Objects.requireNonNull(to, "to");
        return offload("rename", from, () -> {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        });
    }

    /**
     * Copies a file, replacing the target ({@code fs.copyFile}).
     *
     * @param from the source
     * @param to the target
     * @return settles when copied
     */
    public Promise<Void> copyFile(Path from, Path to) {
        Objects.requireNonNull(to, "to");
        return offload("copyFile", from, () -> {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return null;
        });
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
        return new FileReadStream(loop, files, Objects.requireNonNull(path, "path"), chunk(highWaterMark));
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
        return new FileWriteStream(loop, files, Objects.requireNonNull(path, "path"), chunk(highWaterMark));
    }

    private static int chunk(int highWaterMark) {
        if (highWaterMark < 1) {
            throw new IllegalArgumentException("highWaterMark must be at least 1 byte, got " + highWaterMark);
        }
        return highWaterMark;
    }

    /** Whole-file work on the pool; JDK exceptions become {@link ErrnoException}s about {@code path}. */
    private <T> Promise<T> offload(String operation, Path path, Callable<T> body) {
        Objects.requireNonNull(path, "path");
        return work.offload(() -> {
            try {
                return body.call();
            } catch (IOException e) {
                throw (Exception) ErrnoExceptions.map(e, operation, path);
            }
        });
    }

    /** A backend operation as a promise; its failure becomes an {@link ErrnoException} about {@code path}. */
    private <T> Promise<T> backend(String operation, Path path, java.util.function.Consumer<Completion<T>> start) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("Fs." + operation + " must be called on the loop's thread");
        }
        Promise.Resolvers<T> result = loop.withResolvers();
        start.accept(Completion.of(value -> {
            result.resolve(value);
        }, error -> {
            result.reject(ErrnoExceptions.map(error, operation, path));
        }));
        return result.promise();
    }
}
