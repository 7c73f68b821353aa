package dev.loop.io.spi;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The blocking {@code java.nio.file} calls behind {@link FileIo}'s default operations, run on a
 * work-pool thread. They throw the JDK's exceptions, which the API maps to Node's codes.
 */
final class BlockingFiles {

    /**
     * Files from this size on are copied from a memory map: one copy, where {@code read()} into a
     * heap array copies twice (through the JDK's temporary direct buffer). Measured with
     * loop-bench's FileReads: 100 MiB in 29 ms instead of 47 (Node: 64).
     */
    private static final long MAP_FROM_BYTES = 1 << 20;

    private BlockingFiles() {
    }

    static byte[] readFile(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < MAP_FROM_BYTES) {
                return readSmall(channel, (int) size, path);
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException("file too large for one array: " + size + " bytes; read it with open/read instead");
            }
            byte[] data = new byte[(int) size];
            // A confined arena unmaps as soon as the copy is done, instead of whenever GC runs.
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                MemorySegment.copy(mapped, ValueLayout.JAVA_BYTE, 0, data, 0, data.length);
            } catch (InternalError truncated) {
                // the JVM's report of a fault in a mapping: the file shrank while it was copied
                throw new IOException("the file shrank while it was read", truncated);
            }
            return data;
        }
    }

    /** Reads a small file from its open channel; a file that changed size is read again whole. */
    private static byte[] readSmall(FileChannel channel, int size, Path path) throws IOException {
        byte[] data = new byte[size];
        ByteBuffer into = ByteBuffer.wrap(data);
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                return Arrays.copyOf(data, into.position()); // it shrank meanwhile
            }
        }
        if (channel.read(ByteBuffer.allocate(1)) > 0) {
            return Files.readAllBytes(path); // it grew meanwhile
        }
        return data;
    }

    /** Malformed input becomes U+FFFD, as Node's {@code buffer.toString(encoding)} does. */
    static String readFile(Path path, Charset charset) throws IOException {
        return new String(readFile(path), charset); // String(byte[], Charset) replaces, never throws
    }

    static Void writeFile(Path path, byte[] data) throws IOException {
        Files.write(path, data);
        return null;
    }

    static Void appendFile(Path path, byte[] data) throws IOException {
        Files.write(path, data, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return null;
    }

    static List<String> readdir(Path path) throws IOException {
        try (Stream<Path> entries = Files.list(path)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Void mkdir(Path path, boolean recursive) throws IOException {
        if (recursive) {
            Files.createDirectories(path);
        } else {
            Files.createDirectory(path);
        }
        return null;
    }

    static Void rm(Path path, boolean recursive, boolean force) throws IOException {
        if (force && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (recursive && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> tree = Files.walk(path)) { // does not follow links
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } else {
            Files.delete(path);
        }
        return null;
    }

    static Void rename(Path from, Path to) throws IOException {
        // ATOMIC_MOVE is rename(2), which replaces a file or an empty directory at the target
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }

    static Void copyFile(Path from, Path to) throws IOException {
        // Files.copy would copy a directory as an empty one, and replace an empty directory at the
        // target; Node opens the source for reading and the target for writing, and fails on both.
        for (Path path : List.of(from, to)) {
            if (Files.isDirectory(path)) {
                throw new FileSystemException(path.toString(), null, "Is a directory");
            }
        }
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        return null;
    }
}
