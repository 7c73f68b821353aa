package dev.loop.http;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpParser;

/**
 * What the server's and the client's connections both do around Jetty's parser: keep the bytes
 * received and not parsed yet, feed them one parse step at a time, and hold a user exception
 * thrown inside a parser callback (a handler, a body listener) until the parser has returned.
 * Then the connection is failed and the exception rethrown to the loop, as an uncaught exception
 * in a Node handler is; Jetty would otherwise take it for a bad message.
 *
 * <p><b>Thread safety:</b> the connection's loop thread only.
 */
final class ParserFeed {

    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    private final HttpParser parser;
    private final Runnable failConnection;
    /** Received and not parsed yet; null when nothing waits. */
    private ByteBuffer input;
    private Throwable userFailure;

    ParserFeed(HttpParser parser, Runnable failConnection) {
        this.parser = parser;
        this.failConnection = failConnection;
    }

    void append(ByteBuffer chunk) {
        input = Wire.append(input, chunk);
    }

    /** Whether received bytes wait to be parsed. */
    boolean hasBytes() {
        return input != null && input.hasRemaining();
    }

    /** How many bytes wait, for tests of back pressure. */
    int buffered() {
        return input == null ? 0 : input.remaining();
    }

    /**
     * One parse step over what waits (or over nothing, so the parser can finish a body or see the
     * end); rethrows a user failure held during it.
     *
     * @return true when the caller's loop should stop: the parser is terminated (the message was
     *     answered as bad), or it needs more bytes than there are
     */
    boolean step() {
        ByteBuffer bytes = hasBytes() ? input : NO_BYTES;
        int before = bytes.remaining();
        boolean stopped = parser.parseNext(bytes);
        rethrowUserFailure();
        return parser.isTerminated() || !stopped && bytes.remaining() == before;
    }

    /** Forgets a consumed buffer, after a parse loop. */
    void compact() {
        if (input != null && !input.hasRemaining()) {
            input = null;
        }
    }

    /**
     * Runs user code from inside a parser callback.
     *
     * @param userCode returns what the callback should return (true stops the parser)
     * @return that, or true when the code threw: the exception waits for {@link #step} to return
     */
    boolean guard(BooleanSupplier userCode) {
        try {
            return userCode.getAsBoolean();
        } catch (RuntimeException | Error e) {
            userFailure = e;
            return true;
        }
    }

    private void rethrowUserFailure() {
        Throwable failure = userFailure;
        if (failure != null) {
            userFailure = null;
            failConnection.run();
            Wire.rethrow(failure);
        }
    }
}
