package dev.loop.http;

import dev.loop.io.WritableStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a request the client sends and a response the server sends have in common (Node's
 * {@code http.OutgoingMessage}): a writable body with back pressure, text written as UTF-8, and an
 * end that may carry the last piece, which, when it is the whole body, gives the message its
 * {@code Content-Length}.
 *
 * <p><b>Thread safety:</b> the loop thread only, as the message it is.
 */
public sealed interface OutgoingMessage extends WritableStream permits ClientRequest, ServerResponse {

    /**
     * Writes {@code data}: false while the connection holds back, and a drain event follows.
     *
     * @param data the bytes; the message owns them from here on
     * @return false when the caller should wait for drain
     */
    @Override
    boolean write(ByteBuffer data);

    /**
     * Writes the last piece and ends.
     *
     * @param data the last bytes, or null
     */
    void end(ByteBuffer data);

    /**
     * Writes text as UTF-8.
     *
     * @param text the text
     * @return as {@link #write(ByteBuffer)}
     */
    default boolean write(String text) {
        return write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Ends the message with nothing more. */
    @Override
    default void end() {
        end((ByteBuffer) null);
    }

    /**
     * Writes the last piece, as UTF-8 text, and ends.
     *
     * @param text the last text
     */
    default void end(String text) {
        end(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}
