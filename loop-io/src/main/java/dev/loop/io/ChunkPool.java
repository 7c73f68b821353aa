package dev.loop.io;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The direct buffers that a pipeline's link from a {@link FileReadStream} to a
 * {@link FileWriteStream} reads chunks into and gives back once they are written, so that a copy
 * allocates no buffer per chunk, and the file channel reads and writes them without the JDK's copy
 * through a temporary direct buffer. One per {@link Io}'s {@link Fs}. A chunk is lent only while
 * the link's data listener is the read stream's only one: any other listener may keep what it is
 * given, as in Node, so it gets a fresh heap buffer. Keeps at most {@value #MAX_FREE} free buffers of each of at most {@value #MAX_SIZES}
 * capacities; a buffer given back beyond that is left to the garbage collector.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class ChunkPool {

    private static final int MAX_FREE = 8;
    private static final int MAX_SIZES = 4;

    /** Free buffers by capacity; a short list, searched in order. */
    private final List<ArrayDeque<ByteBuffer>> free = new ArrayList<>();
    private final List<Integer> capacities = new ArrayList<>();
    private int created;

    /**
     * A cleared direct buffer of {@code capacity}: a free one, or a new one.
     *
     * @param capacity the chunk size
     * @return the buffer, now the caller's until it is given back
     */
    ByteBuffer take(int capacity) {
        ArrayDeque<ByteBuffer> buffers = freeOf(capacity);
        ByteBuffer buffer = buffers == null ? null : buffers.pollLast(); // the warmest one
        if (buffer != null) {
            return buffer.clear();
        }
        created++;
        return ByteBuffer.allocateDirect(capacity);
    }

    /**
     * Gives back a buffer from {@link #take}, which nobody uses any more.
     *
     * @param buffer the buffer
     */
    void give(ByteBuffer buffer) {
        ArrayDeque<ByteBuffer> buffers = freeOf(buffer.capacity());
        if (buffers == null && capacities.size() < MAX_SIZES) {
            buffers = new ArrayDeque<>(MAX_FREE);
            capacities.add(buffer.capacity());
            free.add(buffers);
        }
        if (buffers != null && buffers.size() < MAX_FREE) {
            buffers.addLast(buffer);
        }
    }

    /** How many buffers {@link #take} has made, for tests. */
    int created() {
        return created;
    }

    private ArrayDeque<ByteBuffer> freeOf(int capacity) {
        for (int i = 0; i < capacities.size(); i++) {
            if (capacities.get(i) == capacity) {
                return free.get(i);
            }
        }
        return null;
    }
}
