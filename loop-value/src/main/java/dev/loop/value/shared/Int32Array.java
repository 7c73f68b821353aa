package dev.loop.value.shared;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A view of a {@link SharedBuffer} as 32-bit integers (JavaScript's {@code Int32Array}). Every access
 * is bounds-checked; plain {@link #get}/{@link #set} are unordered, as in JavaScript, and
 * {@link Atomics} gives sequentially consistent access. Any thread may use it.
 */
public final class Int32Array extends TypedView {

    /** Coordinates (segment, byte offset); the buffer is 8-byte aligned, so every element is aligned. */
    static final VarHandle ELEMENT = ValueLayout.JAVA_INT.varHandle();

    Int32Array(SharedBuffer buffer, long byteOffset, int fixedLength) {
        super(buffer, byteOffset, fixedLength, Integer.BYTES);
    }

    /**
     * The element at {@code index}, read without ordering.
     *
     * @param index from 0
     * @return the element
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public int get(int index) {
        return (int) ELEMENT.get(memory(), offsetOf(index));
    }

    /**
     * Writes the element at {@code index} without ordering.
     *
     * @param index from 0
     * @param value the element
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public void set(int index, int value) {
        ELEMENT.set(memory(), offsetOf(index), value);
    }

    @Override
    long loadVolatile(long offset) {
        return (int) ELEMENT.getVolatile(memory(), offset);
    }

    @Override
    public String toString() {
        return "Int32Array[" + length() + "] of " + buffer();
    }
}
