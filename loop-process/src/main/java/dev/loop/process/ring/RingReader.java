package dev.loop.process.ring;

import dev.loop.process.spi.IpcReader;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The reading end of a {@link Ring}: owns the head, reads the tail.
 *
 * <p><b>Thread safety:</b> one reading thread at a time (see {@link IpcReader}).
 */
final class RingReader implements IpcReader {

    private final Ring ring;
    /** The head this reader published last: only it writes the head. */
    private long head;

    RingReader(Ring ring) {
        this.ring = ring;
        this.head = (long) Ring.LONG.getAcquire(ring.memory, Ring.HEAD);
    }

    @Override
    public boolean hasNext() {
        return (long) Ring.LONG.getAcquire(ring.memory, Ring.TAIL) != head;
    }

    @Override
    public byte[] read() throws IOException {
        long tail = (long) Ring.LONG.getAcquire(ring.memory, Ring.TAIL); // sees every record before it
        if (tail == head) {
            return null;
        }
        if (tail - head < Ring.HEADER || tail - head > ring.capacity) {
            throw corrupted("the tail " + tail + " is not a record ahead of the head " + head);
        }
        MemorySegment data = ring.data;
        long index = head & ring.mask;
        int length = data.get(ValueLayout.JAVA_INT, index);
        if (length < 0) {
            if (-length != ring.capacity - index) {
                throw corrupted("a skip of " + -length + " bytes at " + index + " does not end at the ring's end");
            }
            head += -length;
            index = 0;
            if (tail == head) {
                throw corrupted("a skip record with no record after it");
            }
            length = data.get(ValueLayout.JAVA_INT, 0);
        }
        long record = Ring.align(Ring.HEADER + (long) length);
        if (length < 0 || record > ring.capacity - index || record > tail - head) {
            throw corrupted("a record of " + length + " bytes at " + index + " does not fit");
        }
        byte[] message = new byte[length];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, index + Ring.HEADER, message, 0, length);
        head += record;
        Ring.LONG.setRelease(ring.memory, Ring.HEAD, head); // the writer may reuse the space (see Ring)
        return message;
    }

    private IOException corrupted(String what) {
        return new IOException("corrupted IPC ring: " + what);
    }

    @Override
    public void close() {
        ring.file.close();
    }
}
