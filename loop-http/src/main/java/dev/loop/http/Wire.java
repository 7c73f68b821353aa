package dev.loop.http;

import dev.loop.io.Socket;
import java.nio.ByteBuffer;

/** What the server's and the client's connections do alike between Jetty's codec and a socket. */
final class Wire {

    /** Parts of a message smaller than this together are copied into one buffer for one write. */
    static final int COALESCE_BYTES = 16 * 1024;

    private Wire() {
    }

    /** Whether {@link #write} copies these parts into one buffer (the caller may then reuse them). */
    static boolean coalesces(ByteBuffer header, ByteBuffer chunk, ByteBuffer body) {
        return remaining(header) + remaining(chunk) + remaining(body) <= COALESCE_BYTES;
    }

    /**
     * Writes the parts that have bytes; small parts go as one buffer (one system call, one
     * segment), large ones as they are, without a copy, and then belong to the socket.
     *
     * @return false while the socket holds back
     */
    static boolean write(Socket socket, ByteBuffer header, ByteBuffer chunk, ByteBuffer body) {
        int total = remaining(header) + remaining(chunk) + remaining(body);
        if (total == 0) {
            return true;
        }
        if (total <= COALESCE_BYTES) {
            ByteBuffer joined = ByteBuffer.allocate(total);
            for (ByteBuffer part : new ByteBuffer[] {header, chunk, body}) {
                if (part != null) {
                    joined.put(part);
                }
            }
            return socket.write(joined.flip());
        }
        boolean flowing = true;
        for (ByteBuffer part : new ByteBuffer[] {header, chunk, body}) {
            if (part != null && part.hasRemaining()) {
                flowing &= socket.write(part);
            }
        }
        return flowing;
    }

    /** What waits to be parsed, with {@code chunk} after it: the chunk itself when nothing waits. */
    static ByteBuffer append(ByteBuffer waiting, ByteBuffer chunk) {
        if (waiting == null || !waiting.hasRemaining()) {
            return chunk;
        }
        return ByteBuffer.allocate(waiting.remaining() + chunk.remaining()).put(waiting).put(chunk).flip();
    }

    /** An empty buffer as Jetty's codec expects one: in flush mode, position and limit 0. */
    static ByteBuffer emptyForJetty(int capacity) {
        return ByteBuffer.allocate(capacity).limit(0);
    }

    /**
     * A view of a body's bytes as Jetty's parser hands them over, which a listener may keep: they
     * are in a buffer the socket handed over whole, and nothing writes into it again (joining
     * leftovers makes a new one). The parser's buffer is marked read.
     */
    static ByteBuffer view(ByteBuffer item) {
        ByteBuffer view = item.slice();
        item.position(item.limit());
        return view;
    }

    /** Rethrows what a user callback threw inside a parser callback, once the parser has returned. */
    static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    private static int remaining(ByteBuffer buffer) {
        return buffer == null ? 0 : buffer.remaining();
    }
}
