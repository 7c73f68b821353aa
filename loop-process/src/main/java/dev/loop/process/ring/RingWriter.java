package dev.loop.process.ring;

import dev.loop.process.spi.IpcWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The writing end of a {@link Ring}: owns the tail, reads the head.
 *
 * <p><b>Thread safety:</b> one writing thread at a time (see {@link IpcWriter}).
 */
final class RingWriter implements IpcWriter {

    private final Ring ring;
    /** The tail this writer published last: only it writes the tail. */
    private long tail;
    /** The head as last read: space up to it is known to be free without reading it again. */
    private long headSeen;

    RingWriter(Ring ring) {
        this.ring = ring;
        this.tail = (long) Ring.LONG.getAcquire(ring.memory, Ring.TAIL);
        this.headSeen = (long) Ring.LONG.getAcquire(ring.memory, Ring.HEAD);
    }

    @Override
    public int maxMessageBytes() {
        // A record and the skip before it fit whatever the tail's position: half the ring.
        return (int) Math.min(Integer.MAX_VALUE - 16, ring.capacity / 2 - Ring.HEADER);
    }

    @Override
    public boolean write(byte[] message) {
        if (message.length > maxMessageBytes()) {
            throw new IllegalArgumentException("a message of " + message.length + " bytes is longer than this ring takes, "
                    + maxMessageBytes() + " bytes");
        }
        long record = Ring.align(Ring.HEADER + message.length);
        long index = tail & ring.mask;
        long toEnd = ring.capacity - index;
        long needed = record <= toEnd ? record : toEnd + record;
        if (!hasRoom(needed)) {
            return false;
        }
        MemorySegment data = ring.data;
        if (record > toEnd) {
            data.set(ValueLayout.JAVA_INT, index, (int) -toEnd); // skip to the start
            index = 0;
        }
        MemorySegment.copy(message, 0, data, ValueLayout.JAVA_BYTE, index + Ring.HEADER, message.length);
        data.set(ValueLayout.JAVA_INT, index, message.length);
        tail += needed;
        Ring.LONG.setRelease(ring.memory, Ring.TAIL, tail); // publishes the record (see Ring)
        return true;
    }

    private boolean hasRoom(long needed) {
        if (tail + needed - headSeen <= ring.capacity) {
            return true;
        }
        headSeen = (long) Ring.LONG.getAcquire(ring.memory, Ring.HEAD);
        return tail + needed - headSeen <= ring.capacity;
    }

    @Override
    public void close() {
        ring.file.close();
    }
}
