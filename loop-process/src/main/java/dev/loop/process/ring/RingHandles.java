package dev.loop.process.ring;

/**
 * Both ends of a ring in memory no file backs, for the jcstress test of the wake-up
 * ({@code dev.loop.process.ipc.DoorbellStress}), which lives in another package.
 */
public final class RingHandles {

    private final RingWriter writer;
    private final RingReader reader;

    private RingHandles(Ring ring) {
        this.writer = new RingWriter(ring);
        this.reader = new RingReader(ring);
    }

    /**
     * A ring of {@code capacity} bytes in memory.
     *
     * @param capacity a power of two from 4096
     * @return its two ends
     */
    public static RingHandles inMemory(long capacity) {
        return new RingHandles(Ring.inMemory(capacity));
    }

    /**
     * Writes a message (see {@link RingWriter#write}).
     *
     * @param message the bytes
     * @return whether it fit
     */
    public boolean write(byte[] message) {
        return writer.write(message);
    }

    /**
     * Whether a message is waiting (see {@link RingReader#hasNext}).
     *
     * @return true if one is
     */
    public boolean hasNext() {
        return reader.hasNext();
    }
}
