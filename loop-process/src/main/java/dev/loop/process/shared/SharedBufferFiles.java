package dev.loop.process.shared;

import dev.loop.api.EventLoop;
import dev.loop.process.launch.ChannelDirs;
import dev.loop.process.os.Native;
import dev.loop.value.shared.SharedBuffer;
import dev.loop.value.shared.mapped.MappedBuffers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The files behind SharedBuffers that forked children share: made in this JVM's directory
 * {@code loop-<pid>-0} beside the channels' (mode 0700; swept like theirs if this JVM dies without
 * deleting it), each deleted when the loop that made it closes. A file already mapped stays mapped
 * in every process that maps it; the mapping goes away with the last buffer over it in each.
 *
 * <p><b>Thread safety:</b> any thread.
 */
public final class SharedBufferFiles {

    /** The table of sleepers after the buffer's bytes: 1024 ints. */
    static final long SLEEPERS_BYTES = 4096;
    private static final AtomicInteger COUNT = new AtomicInteger();
    /** This process's buffer over each file, so that every message carrying it gives the same object. */
    private static final Map<Path, WeakReference<SharedBuffer>> MAPPED = new ConcurrentHashMap<>();

    private SharedBufferFiles() {
    }

    /**
     * A zero-filled buffer of {@code byteLength} bytes in a new file, deleted when {@code loop}
     * closes.
     *
     * @param loop the loop that owns the file
     * @param byteLength its length, a multiple of 8 from 8 bytes
     * @return the buffer
     * @throws UncheckedIOException if the file cannot be made (a full {@code /dev/shm})
     */
    public static SharedBuffer create(EventLoop loop, long byteLength) {
        if (byteLength < 8 || byteLength % 8 != 0) {
            throw new IllegalArgumentException("a shared buffer's length must be a multiple of 8 bytes, from 8; got " + byteLength);
        }
        Path file;
        try {
            file = newFile();
            int reserved = Native.reserve(file.toString(), byteLength + SLEEPERS_BYTES);
            if (reserved != 0) {
                Files.deleteIfExists(file);
                throw new IOException(reserved == -Native.ENOSPC ? "no space left in " + file.getParent() + " for a shared buffer of "
                        + byteLength + " bytes: free space there, or set -D" + ChannelDirs.DIRECTORY_PROPERTY + " to a larger tmpfs"
                        : "could not reserve " + byteLength + " bytes for " + file + " (errno " + -reserved + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a shared buffer's file: " + e.getMessage(), e);
        }
        loop.termination().whenComplete((done, failure) -> delete(file));
        return map(file, byteLength);
    }

    /**
     * This process's buffer over {@code file}, mapping it the first time (a message from the
     * parent carried it).
     *
     * @param file the file another process made
     * @param byteLength its length
     * @return the buffer
     * @throws UncheckedIOException if the file is gone (its loop closed) or shorter than said
     */
    public static SharedBuffer map(Path file, long byteLength) {
        WeakReference<SharedBuffer> known = MAPPED.get(file);
        SharedBuffer buffer = known == null ? null : known.get();
        if (buffer != null) {
            if (buffer.byteLength() != byteLength) {
                // A second mapping would put its table of sleepers elsewhere in the file: refuse it.
                throw new UncheckedIOException(new IOException("the shared buffer " + file + " is mapped here with "
                        + buffer.byteLength() + " bytes, and a message says " + byteLength + ": the file is not what was sent"));
            }
            return buffer;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = byteLength + SLEEPERS_BYTES;
            if (channel.size() < size) {
                throw new IOException(file + " is " + channel.size() + " bytes, not the " + size + " expected");
            }
            // An automatic arena: the mapping lasts as long as the buffer and its views are reachable.
            java.lang.foreign.MemorySegment whole = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, Arena.ofAuto());
            buffer = MappedBuffers.create(new MappedFile(whole.asSlice(0, byteLength), whole.asSlice(byteLength, SLEEPERS_BYTES), file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not map the shared buffer " + file + " (was the loop that made it closed?): "
                    + e.getMessage(), e);
        }
        MAPPED.put(file, new WeakReference<>(buffer));
        return buffer;
    }

    /**
     * A new empty file in this JVM's directory, made if needed. The directory goes when its last
     * file does ({@link #delete}); a creation that races with that removal makes it again.
     */
    private static Path newFile() throws IOException {
        Path dir = ChannelDirs.base().resolve("loop-" + ProcessHandle.current().pid() + "-0");
        Path file = dir.resolve("shared-" + COUNT.incrementAndGet());
        for (int attempt = 0; ; attempt++) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException made) {
                // made by an earlier buffer
            }
            try {
                return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.NoSuchFileException removed) {
                if (attempt == 3) {
                    throw removed;
                }
            }
        }
    }

    private static void delete(Path file) {
        MAPPED.remove(file);
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent()); // the last one takes the directory along
        } catch (java.nio.file.DirectoryNotEmptyException others) {
            // other buffers' files are still there
        } catch (IOException e) {
            System.getLogger(SharedBufferFiles.class.getName()).log(System.Logger.Level.WARNING,
                    "could not delete the shared buffer's file " + file + ": " + e);
        }
    }
}
