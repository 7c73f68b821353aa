package dev.loop.io.uring;

import dev.loop.io.uring.Syscalls.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A ring of provided buffers ({@code IORING_REGISTER_PBUF_RING}): receives that let the kernel
 * choose their buffer take one only when data arrives, so a connection waiting to read holds no
 * buffer at all (as libuv reads every socket of a loop into one slab). A receive's completion names
 * the buffer it filled; the backend copies the bytes out at once and gives the buffer back.
 *
 * <p>The ring is {@code struct io_uring_buf} entries (address, length, buffer id) in page-aligned
 * memory the kernel reads; their count's tail is a 16-bit field inside the first entry. Memory
 * ordering: entries are written first, then the tail with release semantics, which the kernel
 * reads with acquire semantics.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class BufferRing {

    private static final int IORING_REGISTER_PBUF_RING = 22;
    private static final int ENTRY = 16;
    private static final long TAIL_OFFSET = 14;
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle();

    private final MemorySegment ring;
    private final MemorySegment buffers;
    private final int count;
    private final int size;
    private final int group;
    private int tail;

    /**
     * Registers {@code count} buffers of {@code size} bytes with {@code owner} as buffer group
     * {@code group}, all of them available.
     *
     * @throws NativeException if the kernel refuses (before Linux 5.19)
     */
    BufferRing(Ring owner, Arena arena, int group, int count, int size) throws NativeException {
        this.count = count;
        this.size = size;
        this.group = group;
        this.ring = arena.allocate((long) count * ENTRY, 4096);
        this.buffers = arena.allocate((long) count * size, 4096);
        MemorySegment registration = arena.allocate(40, 8);
        registration.set(ValueLayout.JAVA_LONG, 0, ring.address());
        registration.set(ValueLayout.JAVA_INT, 8, count);
        registration.set(ValueLayout.JAVA_SHORT, 12, (short) group);
        int result = owner.register(IORING_REGISTER_PBUF_RING, registration, 1);
        if (result < 0) {
            throw new NativeException("io_uring_register(IORING_REGISTER_PBUF_RING)", -result);
        }
        for (int id = 0; id < count; id++) {
            put(id);
        }
        publish();
    }

    int group() {
        return group;
    }

    int size() {
        return size;
    }

    /** The buffer {@code id}, {@code length} bytes of it. */
    MemorySegment buffer(int id, int length) {
        return buffers.asSlice((long) id * size, length);
    }

    /** Gives buffer {@code id} back to the kernel. */
    void recycle(int id) {
        put(id);
        publish();
    }

    private void put(int id) {
        long entry = (long) (tail & (count - 1)) * ENTRY;
        ring.set(ValueLayout.JAVA_LONG, entry, buffers.address() + (long) id * size);
        ring.set(ValueLayout.JAVA_INT, entry + 8, size);
        ring.set(ValueLayout.JAVA_SHORT, entry + 12, (short) id);
        tail++;
    }

    private void publish() {
        SHORT.setRelease(ring, TAIL_OFFSET, (short) tail); // the entries are whole before the kernel sees the tail
    }
}
