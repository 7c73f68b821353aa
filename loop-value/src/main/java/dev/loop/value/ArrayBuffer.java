package dev.loop.value;

import java.util.Arrays;
import java.util.Objects;

/**
 * A fixed-length block of bytes that a transfer list can move between threads without copying
 * (JavaScript's {@code ArrayBuffer}). Posted without a transfer list it is copied like any
 * structured value; listed in the transfer list it is moved, and the sender's buffer is
 * <em>detached</em>: its length becomes 0 and every access throws {@link IllegalStateException}.
 *
 * <p><b>Thread safety:</b> none; a buffer belongs to one thread at a time, and a transfer hands it
 * over with a happens-before edge (the message queue's).
 */
public final class ArrayBuffer implements Transferable {

    /** The bytes; null once detached. */
    private byte[] bytes;

    private ArrayBuffer(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A zero-filled buffer.
     *
     * @param byteLength its length in bytes
     * @return the buffer
     * @throws IllegalArgumentException if {@code byteLength} is negative
     */
    public static ArrayBuffer allocate(int byteLength) {
        if (byteLength < 0) {
            throw new IllegalArgumentException("byteLength must be >= 0, got " + byteLength);
        }
        return new ArrayBuffer(new byte[byteLength]);
    }

    /**
     * A buffer holding a copy of {@code bytes}.
     *
     * @param bytes the content
     * @return the buffer
     */
    public static ArrayBuffer copyOf(byte[] bytes) {
        return new ArrayBuffer(bytes.clone());
    }

    /**
     * The length in bytes; 0 once detached, as in JavaScript.
     *
     * @return the length
     */
    public int byteLength() {
        return bytes == null ? 0 : bytes.length;
    }

    /**
     * Whether the buffer was transferred away.
     *
     * @return whether it is detached
     */
    public boolean detached() {
        return bytes == null;
    }

    /**
     * The byte at {@code index}.
     *
     * @param index from 0
     * @return the byte
     * @throws IndexOutOfBoundsException if {@code index} is outside the buffer
     * @throws IllegalStateException if the buffer is detached
     */
    public byte get(int index) {
        byte[] b = live();
        return b[Objects.checkIndex(index, b.length)];
    }

    /**
     * Sets the byte at {@code index}.
     *
     * @param index from 0
     * @param value the byte
     * @throws IndexOutOfBoundsException if {@code index} is outside the buffer
     * @throws IllegalStateException if the buffer is detached
     */
    public void set(int index, byte value) {
        byte[] b = live();
        b[Objects.checkIndex(index, b.length)] = value;
    }

    /**
     * Copies {@code length} bytes from {@code offset} into {@code target}.
     *
     * @param offset where to start in this buffer
     * @param target where to copy to
     * @param targetOffset where to start in {@code target}
     * @param length how many bytes
     * @throws IndexOutOfBoundsException if either range is out of bounds
     * @throws IllegalStateException if the buffer is detached
     */
    public void read(int offset, byte[] target, int targetOffset, int length) {
        byte[] b = live();
        Objects.checkFromIndexSize(offset, length, b.length);
        System.arraycopy(b, offset, target, targetOffset, length);
    }

    /**
     * Copies {@code length} bytes from {@code source} into this buffer at {@code offset}.
     *
     * @param offset where to start in this buffer
     * @param source where to copy from
     * @param sourceOffset where to start in {@code source}
     * @param length how many bytes
     * @throws IndexOutOfBoundsException if either range is out of bounds
     * @throws IllegalStateException if the buffer is detached
     */
    public void write(int offset, byte[] source, int sourceOffset, int length) {
        byte[] b = live();
        Objects.checkFromIndexSize(offset, length, b.length);
        System.arraycopy(source, sourceOffset, b, offset, length);
    }

    /**
     * A copy of the content.
     *
     * @return the bytes
     * @throws IllegalStateException if the buffer is detached
     */
    public byte[] toByteArray() {
        return live().clone();
    }

    /**
     * A new buffer holding bytes {@code [begin, end)} of this one.
     *
     * @param begin first byte, inclusive
     * @param end last byte, exclusive
     * @return the copy
     * @throws IndexOutOfBoundsException if the range is out of bounds
     * @throws IllegalStateException if the buffer is detached
     */
    public ArrayBuffer slice(int begin, int end) {
        byte[] b = live();
        Objects.checkFromToIndex(begin, end, b.length);
        return new ArrayBuffer(Arrays.copyOfRange(b, begin, end));
    }

    /**
     * A structured clone of this buffer: a new buffer with the same bytes.
     *
     * @return the copy
     * @throws IllegalStateException if the buffer is detached
     */
    ArrayBuffer copy() {
        return new ArrayBuffer(live().clone());
    }

    /** For the binary decoder: takes ownership of {@code bytes}. */
    static ArrayBuffer own(byte[] bytes) {
        return new ArrayBuffer(bytes);
    }

    @Override
    public Transfer prepareTransfer() {
        live();
        ArrayBuffer received = new ArrayBuffer(null);
        return Transfer.of(received, () -> {
            received.bytes = bytes;
            bytes = null;
        });
    }

    private byte[] live() {
        byte[] b = bytes;
        if (b == null) {
            throw new IllegalStateException("this ArrayBuffer is detached: it was transferred to another thread"
                    + " in a postMessage transfer list, and only the receiver may use it now");
        }
        return b;
    }

    @Override
    public String toString() {
        return bytes == null ? "ArrayBuffer[detached]" : "ArrayBuffer[" + bytes.length + " bytes]";
    }
}
