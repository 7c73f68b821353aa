package dev.loop.process.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file mapped into memory that both processes share (a {@code MAP_SHARED} mapping): on tmpfs
 * ({@code /dev/shm}) it is plain shared memory. Created at its full size, which on tmpfs costs
 * nothing until a page is touched.
 *
 * <p><b>Thread safety:</b> the mapping may be read and written from any thread, with the memory
 * orderings its users choose; {@link #close()} once, after the last access.
 */
public final class SharedFile implements AutoCloseable {

    private final Arena arena;
    private final MemorySegment memory;

    private SharedFile(Arena arena, MemorySegment memory) {
        this.arena = arena;
        this.memory = memory;
    }

    /**
     * Maps {@code file}, creating it (mode 0600, all zeros) at {@code size} bytes if it does not
     * exist. A file it creates has all its blocks reserved, so a full {@code /dev/shm} fails here,
     * with an error that says so, rather than as a {@code SIGBUS} on a later write.
     *
     * @param file the file
     * @param size its size when created; an existing file must be at least this long
     * @return the mapping
     * @throws IOException if it cannot be created or mapped, or is shorter than {@code size}
     */
    public static SharedFile map(Path file, long size) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            int reserved = Native.reserve(file.toString(), size);
            if (reserved != 0) {
                Files.deleteIfExists(file);
                throw new IOException(reserved == -Native.ENOSPC
                        ? "no space left in " + file.getParent() + " for " + size + " bytes of IPC queue (" + file.getFileName()
                                + "): free space there, or fork with a smaller ForkOptions.withQueueCapacity"
                        : "could not reserve " + size + " bytes for " + file + " (errno " + -reserved + ")");
            }
        } catch (FileAlreadyExistsException e) {
            // the other process made it: map it as it is
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() < size) {
                throw new IOException(file + " is " + channel.size() + " bytes, shorter than the " + size + " expected");
            }
            Arena arena = Arena.ofShared();
            try {
                return new SharedFile(arena, channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena));
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    /**
     * Memory of {@code size} zero bytes that no file backs and no other process sees: for tests of
     * the layouts built on shared files (the jcstress tests of the ring and the control file).
     *
     * @param size the size in bytes
     * @return the memory, freed by {@link #close()}
     */
    public static SharedFile anonymous(long size) {
        Arena arena = Arena.ofShared();
        return new SharedFile(arena, arena.allocate(size, 4096));
    }

    /**
     * The mapped memory.
     *
     * @return the mapping, valid until {@link #close()}
     */
    public MemorySegment memory() {
        return memory;
    }

    /** Unmaps the file; the file itself stays. */
    @Override
    public void close() {
        arena.close();
    }
}
