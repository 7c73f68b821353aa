package dev.loop.io.uring;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Native buffers for operations whose data the kernel reads or writes (a whole file's reads, a
 * heap buffer's copy), reused: a buffer comes from {@code malloc}, so it is not zeroed, and goes
 * back to a free list of its size class (powers of two from 4 KiB to 1 MiB) when its operation is
 * done, so the pages it touched stay mapped for the next one. At most {@link #CACHED_BYTES} are
 * kept; the rest are freed.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class NativeBuffers {

    static final int SMALLEST = 4096;
    static final int LARGEST = 1 << 20;
    private static final long CACHED_BYTES = 32L << 20;

    private final List<ArrayDeque<MemorySegment>> free = new ArrayList<>();
    private long cached;
    /** Buffers taken and not given back: 0 whenever no operation holds one. */
    private int lent;

    NativeBuffers() {
        for (int size = SMALLEST; size <= LARGEST; size <<= 1) {
            free.add(new ArrayDeque<>());
        }
    }

    /** A buffer of at least {@code size} bytes (at most {@link #LARGEST}); its contents are undefined. */
    MemorySegment take(int size) {
        if (size > LARGEST) {
            throw new IllegalArgumentException("at most " + LARGEST + " bytes, asked for " + size);
        }
        int sizeClass = sizeClass(size);
        MemorySegment buffer = free.get(sizeClass).poll();
        lent++;
        if (buffer != null) {
            cached -= buffer.byteSize();
            return buffer;
        }
        return Syscalls.malloc((long) SMALLEST << sizeClass);
    }

    /** Gives {@code buffer} (from {@link #take}) back, once the kernel is done with it. */
    void give(MemorySegment buffer) {
        lent--;
        if (cached + buffer.byteSize() > CACHED_BYTES) {
            Syscalls.free(buffer);
            return;
        }
        cached += buffer.byteSize();
        free.get(sizeClass((int) buffer.byteSize())).push(buffer);
    }

    /** Buffers taken and not given back yet. */
    int lent() {
        return lent;
    }

    /** Frees every cached buffer (the backend is closing, and nothing is in flight). */
    void release() {
        for (ArrayDeque<MemorySegment> list : free) {
            for (MemorySegment buffer : list) {
                Syscalls.free(buffer);
            }
            list.clear();
        }
        cached = 0;
    }

    private static int sizeClass(int size) {
        int rounded = Math.max(SMALLEST, Integer.highestOneBit(Math.max(1, size - 1)) << 1);
        return Integer.numberOfTrailingZeros(rounded) - Integer.numberOfTrailingZeros(SMALLEST);
    }
}
