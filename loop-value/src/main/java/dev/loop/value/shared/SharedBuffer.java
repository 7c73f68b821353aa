package dev.loop.value.shared;

import dev.loop.value.shared.mapped.CrossProcessMemory;
import dev.loop.value.shared.mapped.MappedBuffers;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Memory that several threads share (JavaScript's {@code SharedArrayBuffer}): off-heap, zero-filled,
 * and never copied. Posting it to a worker shares it: the receiver sees the same bytes. Listing it
 * in a transfer list is an error, because it is shared, not moved.
 *
 * <p>A buffer has a fixed length, or is {@linkplain #growable growable} up to a maximum that is
 * reserved when it is created, so growing never moves it. Read and write it through typed views,
 * {@link #int32()} and {@link #int64()}, and synchronize through {@link Atomics}. Every access is
 * bounds-checked.
 *
 * <p><b>Across processes.</b> A buffer made by loop-process's {@code Processes.sharedBuffer} is
 * backed by a file in shared memory ({@link #file()}); sending it to a forked child maps the same
 * memory there, and every {@link Atomics} operation works across the processes, {@code wait} and
 * {@code notify} included (they sleep and wake on a futex that both processes see).
 *
 * <p><b>Thread safety:</b> any thread may use it. Plain view reads and writes are unordered, as in
 * JavaScript; {@link Atomics} gives sequential consistency. The memory is freed when the buffer
 * and every view of it are unreachable.
 */
public final class SharedBuffer {

    private final MemorySegment memory;
    private final long maxByteLength;
    private final boolean growable;
    /** Only grows; volatile so that a length-tracking view on another thread sees growth. */
    private volatile long byteLength;
    /**
     * Where {@link Atomics#wait} sleeps: ECMAScript's waiter lists for a buffer of this process, a
     * futex for one other processes map.
     */
    final WaitQueue waiters;
    /** The memory other processes map, or null for a buffer of this process only. */
    private final CrossProcessMemory mapping;

    static {
        MappedBuffers.install(SharedBuffer::new);
    }

    private SharedBuffer(long byteLength, long maxByteLength, boolean growable) {
        if (byteLength < 0 || byteLength > maxByteLength) {
            throw new IllegalArgumentException("byteLength must be between 0 and maxByteLength (" + maxByteLength
                    + "), got " + byteLength);
        }
        this.memory = Arena.ofAuto().allocate(Math.max(maxByteLength, 1), Long.BYTES);
        this.byteLength = byteLength;
        this.maxByteLength = maxByteLength;
        this.growable = growable;
        this.mapping = null;
        this.waiters = new Waiters();
    }

    /** A fixed-length buffer over memory that other processes map (see {@link MappedBuffers}). */
    private SharedBuffer(CrossProcessMemory mapping) {
        this.memory = mapping.memory();
        this.byteLength = memory.byteSize();
        this.maxByteLength = byteLength;
        this.growable = false;
        this.mapping = mapping;
        this.waiters = new FutexWaiters(mapping);
    }

    /**
     * A buffer of a fixed length.
     *
     * @param byteLength its length in bytes
     * @return the zero-filled buffer
     * @throws IllegalArgumentException if {@code byteLength} is negative
     */
    public static SharedBuffer allocate(long byteLength) {
        return new SharedBuffer(byteLength, byteLength, false);
    }

    /**
     * A buffer that can {@linkplain #grow grow} up to {@code maxByteLength}, all of which is
     * reserved now.
     *
     * @param byteLength its length in bytes to begin with
     * @param maxByteLength the most it may grow to
     * @return the zero-filled buffer
     * @throws IllegalArgumentException if {@code byteLength} is negative or above the maximum
     */
    public static SharedBuffer growable(long byteLength, long maxByteLength) {
        return new SharedBuffer(byteLength, maxByteLength, true);
    }

    /**
     * The length in bytes now.
     *
     * @return the length
     */
    public long byteLength() {
        return byteLength;
    }

    /**
     * The most this buffer may grow to; its length when it is not growable.
     *
     * @return the maximum length
     */
    public long maxByteLength() {
        return maxByteLength;
    }

    /**
     * Whether {@link #grow} may be called.
     *
     * @return whether the buffer is growable
     */
    public boolean growable() {
        return growable;
    }

    /**
     * Grows the buffer to {@code newByteLength}; the new bytes are zero. Shrinking is not allowed,
     * as in JavaScript.
     *
     * @param newByteLength the new length
     * @throws UnsupportedOperationException if the buffer is not growable
     * @throws IllegalArgumentException if {@code newByteLength} is below the length or above the maximum
     */
    public synchronized void grow(long newByteLength) {
        if (!growable) {
            throw new UnsupportedOperationException("this SharedBuffer has a fixed length; create it with"
                    + " SharedBuffer.growable(length, maxByteLength) to grow it");
        }
        if (newByteLength < byteLength || newByteLength > maxByteLength) {
            throw new IllegalArgumentException("a SharedBuffer grows to between its length (" + byteLength
                    + ") and its maxByteLength (" + maxByteLength + "), not to " + newByteLength);
        }
        byteLength = newByteLength;
    }

    /**
     * A view of the whole buffer as 32-bit ints; on a growable buffer it tracks the length.
     *
     * @return the view
     */
    public Int32Array int32() {
        return new Int32Array(this, 0, -1);
    }

    /**
     * A view of {@code length} 32-bit ints from {@code byteOffset}.
     *
     * @param byteOffset where the view starts; a multiple of 4
     * @param length how many ints it holds
     * @return the view
     * @throws IllegalArgumentException if the offset is not aligned or the range is out of bounds
     */
    public Int32Array int32(long byteOffset, int length) {
        checkView(byteOffset, length, Integer.BYTES);
        return new Int32Array(this, byteOffset, length);
    }

    /**
     * A view of the whole buffer as 64-bit longs (JavaScript's {@code BigInt64Array}); on a growable
     * buffer it tracks the length.
     *
     * @return the view
     */
    public Int64Array int64() {
        return new Int64Array(this, 0, -1);
    }

    /**
     * A view of {@code length} 64-bit longs from {@code byteOffset}.
     *
     * @param byteOffset where the view starts; a multiple of 8
     * @param length how many longs it holds
     * @return the view
     * @throws IllegalArgumentException if the offset is not aligned or the range is out of bounds
     */
    public Int64Array int64(long byteOffset, int length) {
        checkView(byteOffset, length, Long.BYTES);
        return new Int64Array(this, byteOffset, length);
    }

    /**
     * The memory up to the current length, for use with the FFM API.
     *
     * @return a segment over the buffer's bytes
     */
    public MemorySegment asSegment() {
        return memory.asSlice(0, byteLength);
    }

    MemorySegment memory() {
        return memory;
    }

    /**
     * The file in shared memory that backs this buffer, when it is one that forked children can
     * map (made by loop-process's {@code Processes.sharedBuffer}); empty for a buffer of this
     * process only, which can be posted to workers but not sent to another process.
     *
     * @return the file, or empty
     */
    public Optional<Path> file() {
        return mapping == null ? Optional.empty() : Optional.of(mapping.file());
    }

    private void checkView(long byteOffset, int length, int elementSize) {
        if (byteOffset < 0 || byteOffset % elementSize != 0 || length < 0
                || byteOffset + (long) length * elementSize > byteLength) {
            throw new IllegalArgumentException("a view of " + length + " elements of " + elementSize
                    + " bytes at byteOffset " + byteOffset + " does not fit this SharedBuffer of " + byteLength
                    + " bytes (the offset must also be a multiple of " + elementSize + ")");
        }
    }

    @Override
    public String toString() {
        return "SharedBuffer[" + byteLength + (growable ? "/" + maxByteLength : "") + " bytes"
                + (mapping == null ? "" : ", mapped from " + mapping.file()) + "]";
    }
}
