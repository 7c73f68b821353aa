package dev.loop.value.shared;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A view of a {@link SharedBuffer} as 64-bit integers (JavaScript's {@code BigInt64Array}). Every access
 * is bounds-checked; plain {@link #get}/{@link #set} are unordered, as in JavaScript, and
 * {@link Atomics} gives sequentially consistent access. Any thread may use it.
 */
public final class Int64Array extends TypedView {

    /** Coordinates (segment, byte offset); the buffer is 8-byte aligned, so every element is aligned. */
    static final VarHandle ELEMENT = ValueLayout.JAVA_LONG.varHandle();

    Int64Array(SharedBuffer buffer, long byteOffset, int fixedLength) {
        super(buffer, byteOffset, fixedLength, Long.BYTES);
    }

    /**
     * The element at {@code index}, read without ordering.
     *
     * @param index from 0
     * @return the element
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public long get(int index) {
        return (long) ELEMENT.get(memory(), offsetOf(index));
    }

    /**
     * Writes the element at {@code index} without ordering.
     *
     * @param index from 0
     * @param value the element
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public void set(int index, long value) {
        ELEMENT.set(memory(), offsetOf(index), value);
    }

    @Override
    long loadVolatile(long offset) {
        return (long) ELEMENT.getVolatile(memory(), offset);
    }

    @Override
    public String toString() {
        return "Int64Array[" + length() + "] of " + buffer();
    }
}
