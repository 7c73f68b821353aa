package dev.loop.http;

import dev.loop.io.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;

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

    /** Jetty's fields from a message's headers (by lower-cased name: the name as set, and its values). */
    static HttpFields.Mutable fields(Map<String, Map.Entry<String, List<String>>> headers) {
        HttpFields.Mutable fields = HttpFields.build();
        for (Map.Entry<String, List<String>> header : headers.values()) {
            for (String value : header.getValue()) {
                fields.add(header.getKey(), value);
            }
        }
        return fields;
    }

    private static int remaining(ByteBuffer buffer) {
        return buffer == null ? 0 : buffer.remaining();
    }
}
