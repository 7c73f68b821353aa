package dev.loop.process.ring;

import dev.loop.process.os.SharedFile;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * One single-producer, single-consumer ring of byte messages in a shared file: the layout both
 * ends agree on, and the checks that a file is one.
 *
 * <pre>
 * offset 0     magic 'LPRG' (int), version (int), capacity (long)
 * offset 64    tail: bytes the writer has published (long; its own cache line)
 * offset 128   head: bytes the reader has consumed (long; its own cache line)
 * offset 4096  data: capacity bytes, a power of two
 * </pre>
 *
 * A record starts 8-aligned: its length (int), 4 bytes unused, then the message, then padding to
 * the next multiple of 8. A record never wraps: when one does not fit before the end, the writer
 * publishes a skip record (its length is minus the bytes left to the end) and starts again at 0.
 *
 * <p><b>Memory ordering.</b> The writer copies a record in with plain writes and then publishes it
 * by a release store of the tail; the reader's acquire load of the tail makes every record before
 * it visible. The reader frees space by a release store of the head after it has copied a record
 * out; the writer's acquire load of the head orders its overwriting after that copy. So a writer
 * that dies in the middle of a record never published it, and the reader never sees it.
 */
final class Ring {

    static final int MAGIC = 0x4C505247; // "LPRG"
    static final int VERSION = 1;
    static final long TAIL = 64;
    static final long HEAD = 128;
    static final long DATA = 4096;
    static final int HEADER = 8;

    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    final SharedFile file;
    final MemorySegment memory;
    final MemorySegment data;
    final long capacity;
    final long mask;

    private Ring(SharedFile file, long capacity) {
        this.file = file;
        this.memory = file.memory();
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.data = memory.asSlice(DATA, capacity);
    }

    /** A ring in memory no file backs, for the jcstress tests of its publication. */
    static Ring inMemory(long capacity) {
        SharedFile memory = SharedFile.anonymous(DATA + capacity);
        memory.memory().set(ValueLayout.JAVA_INT, 4, VERSION);
        memory.memory().set(ValueLayout.JAVA_LONG, 8, capacity);
        memory.memory().set(ValueLayout.JAVA_INT, 0, MAGIC);
        return new Ring(memory, capacity);
    }

    /**
     * Maps the ring in {@code directory/queue}, making it if it does not exist.
     *
     * @throws IOException if the file cannot be mapped, or is not a ring of this capacity
     */
    static Ring open(Path directory, String queue, long capacity) throws IOException {
        if (capacity < 4096 || Long.bitCount(capacity) != 1 || capacity > (1L << 40)) {
            throw new IllegalArgumentException("ring capacity must be a power of two from 4096 bytes: " + capacity);
        }
        Path path = directory.resolve(queue + ".ring");
        SharedFile file = SharedFile.map(path, DATA + capacity);
        MemorySegment header = file.memory();
        int magic = header.get(ValueLayout.JAVA_INT, 0);
        if (magic == 0) {
            // Fresh: the parent made it, before the child exists, so nobody else writes the header.
            header.set(ValueLayout.JAVA_INT, 4, VERSION);
            header.set(ValueLayout.JAVA_LONG, 8, capacity);
            VarHandle.releaseFence();
            header.set(ValueLayout.JAVA_INT, 0, MAGIC);
        } else if (magic != MAGIC || header.get(ValueLayout.JAVA_INT, 4) != VERSION
                || header.get(ValueLayout.JAVA_LONG, 8) != capacity) {
            file.close();
            throw new IOException(path + " is not a version " + VERSION + " ring of " + capacity
                    + " bytes (magic " + Integer.toHexString(magic) + "): the file is corrupted or from another version");
        }
        return new Ring(file, capacity);
    }

    static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
