package dev.loop.value.shared;

import java.lang.foreign.MemorySegment;

/**
 * What {@link Int32Array} and {@link Int64Array} share: a window on a {@link SharedBuffer}, fixed
 * or tracking the buffer's length, that turns an index into a checked byte offset.
 */
public abstract sealed class TypedView permits Int32Array, Int64Array {

    private final SharedBuffer buffer;
    private final long byteOffset;
    /** Elements in a fixed view; -1 for a view that tracks a growable buffer's length. */
    private final int fixedLength;
    private final int elementSize;

    TypedView(SharedBuffer buffer, long byteOffset, int fixedLength, int elementSize) {
        this.buffer = buffer;
        this.byteOffset = byteOffset;
        this.fixedLength = fixedLength;
        this.elementSize = elementSize;
    }

    /**
     * The buffer this view shows.
     *
     * @return the buffer
     */
    public SharedBuffer buffer() {
        return buffer;
    }

    /**
     * How many elements the view holds now.
     *
     * @return the length
     */
    public int length() {
        if (fixedLength >= 0) {
            return fixedLength;
        }
        return (int) Math.min(Integer.MAX_VALUE, (buffer.byteLength() - byteOffset) / elementSize);
    }

    /** The byte offset of element {@code index} in the buffer's memory, after the bounds check. */
    final long offsetOf(int index) {
        int length = length();
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for this "
                    + getClass().getSimpleName() + " of length " + length);
        }
        return byteOffset + (long) index * elementSize;
    }

    /** The element at a checked offset, read with sequential consistency, widened to a long. */
    abstract long loadVolatile(long offset);

    final MemorySegment memory() {
        return buffer.memory();
    }

    final WaitQueue waiters() {
        return buffer.waiters;
    }
}
