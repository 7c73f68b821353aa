package dev.loop.http;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.io.Streams;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The response to one request (Node's {@code http.ServerResponse}), an {@link OutgoingMessage} (a {@link dev.loop.io.WritableStream}):
 * set the status and headers, then {@link #write} the body and {@link #end()}. The headers go out
 * with the first write (or {@link #writeHead}); without a {@code Content-Length}, an HTTP/1.1 body
 * is chunked, unless {@link #end(ByteBuffer)} carries all of it, which then gets its length, as in
 * Node. {@link #write} returns false while the socket holds 16 KiB or more, and {@link #DRAIN}
 * follows. {@link #FINISH} comes once the last byte is handed to the socket; {@link #CLOSE} once
 * the request is done with, or the connection closed first.
 *
 * <p>Responses to pipelined requests go out in the order the requests came: the next request is
 * parsed only once this response has finished.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
public final class ServerResponse implements OutgoingMessage {

    /** The socket took what waited, after {@link #write} returned false ({@code 'drain'}). */
    public static final Event<Void> DRAIN = Streams.DRAIN;
    /** The whole response was handed to the socket ({@code 'finish'}). */
    public static final Event<Void> FINISH = Streams.FINISH;
    /** Writing failed ({@code 'error'}). */
    public static final Event<Throwable> ERROR = Streams.ERROR;
    /** Done with: after the finish, or when the connection closed first ({@code 'close'}). */
    public static final Event<Void> CLOSE = Streams.CLOSE;

    private final HttpConnection connection;
    private final boolean head;
    private final Emitter events = new Emitter();
    private final OutgoingHeaders headers = new OutgoingHeaders();
    private final List<Map.Entry<String, String>> trailers = new ArrayList<>();
    private int statusCode = 200;
    private String statusMessage;
    private boolean headersSent;
    private boolean continueSent;
    private boolean ended;
    private boolean finished;
    private boolean closed;

    ServerResponse(HttpConnection connection, boolean head) {
        this.connection = connection;
        this.head = head;
    }

    @Override
    public Emitter emitter() {
        return events;
    }

    /** The status code to send, 200 unless set. */
    public int statusCode() {
        return statusCode;
    }

    /**
     * Sets the status code ({@code res.statusCode = code}) while the headers are not sent.
     *
     * @param code 200 to 999
     * @return this response
     * @throws IllegalArgumentException outside 200..999 (an interim 1xx is not a response's status)
     * @throws IllegalStateException once the headers are sent
     */
    public ServerResponse setStatusCode(int code) {
        if (code < 200 || code > 999) {
            throw new IllegalArgumentException("Invalid status code: " + code + " (ERR_HTTP_INVALID_STATUS_CODE): a final"
                    + " status is 200..999; send 100 Continue with writeContinue()");
        }
        requireHeadersNotSent("set the status code");
        statusCode = code;
        return this;
    }

    /**
     * Sets the reason phrase ({@code res.statusMessage}); by default the standard one.
     *
     * @param message the phrase, without CR or LF
     * @return this response
     */
    public ServerResponse setStatusMessage(String message) {
        requireHeadersNotSent("set the status message");
        statusMessage = Headers.checkValue("statusMessage", message);
        return this;
    }

    /**
     * Sets a header, replacing any value it had ({@code res.setHeader}).
     *
     * @param name the name, a token
     * @param value the value, without CR or LF
     * @return this response
     * @throws IllegalArgumentException for an invalid name or value (Node's {@code ERR_INVALID_HTTP_TOKEN},
     *     {@code ERR_INVALID_CHAR})
     * @throws IllegalStateException once the headers are sent ({@code ERR_HTTP_HEADERS_SENT})
     */
    public ServerResponse setHeader(String name, String value) {
        return setHeader(name, List.of(value));
    }

    /**
     * Sets a header to several values, each sent as a line of its own (as Node does for an array).
     *
     * @param name the name, a token
     * @param values the values
     * @return this response
     */
    public ServerResponse setHeader(String name, List<String> values) {
        requireHeadersNotSent("set a header");
        headers.set(name, values);
        return this;
    }

    /**
     * A header's value, by any case of its name.
     *
     * @param name the name
     * @return its values joined with {@code ", "}, or null
     */
    public String getHeader(String name) {
        return headers.get(name);
    }

    /**
     * Whether a header is set.
     *
     * @param name the name, any case
     * @return whether
     */
    public boolean hasHeader(String name) {
        return headers.has(name);
    }

    /** The lower-cased names of the headers set ({@code res.getHeaderNames()}). */
    public Set<String> getHeaderNames() {
        return headers.names();
    }

    /**
     * Removes a header.
     *
     * @param name the name, any case
     * @return this response
     */
    public ServerResponse removeHeader(String name) {
        requireHeadersNotSent("remove a header");
        headers.remove(name);
        return this;
    }

    /**
     * Adds trailers, sent after the last chunk of a chunked body ({@code res.addTrailers}); name
     * them in a {@code Trailer} header first, as HTTP asks. A body sent with a length has none.
     *
     * @param fields the trailers, by name
     * @return this response
     * @throws IllegalArgumentException for a name or value Node would refuse
     */
    public ServerResponse addTrailers(Map<String, String> fields) {
        fields.forEach((name, value) -> {
            Headers.checkName(name);
            trailers.add(Map.entry(name, Headers.checkValue(name, value)));
        });
        return this;
    }

    boolean hasTrailers() {
        return !trailers.isEmpty();
    }

    /** The trailers for Jetty's generator, asked for once the body has ended. */
    org.eclipse.jetty.http.HttpFields trailerFields() {
        org.eclipse.jetty.http.HttpFields.Mutable fields = org.eclipse.jetty.http.HttpFields.build();
        for (Map.Entry<String, String> trailer : trailers) {
            fields.add(trailer.getKey(), trailer.getValue());
        }
        return fields;
    }

    /** Whether the status line and headers have gone to the socket ({@code res.headersSent}). */
    public boolean headersSent() {
        return headersSent;
    }

    /** Whether {@link #end()} was called ({@code res.writableEnded}). */
    public boolean writableEnded() {
        return ended;
    }

    /**
     * Sends the status line and headers now ({@code res.writeHead(statusCode, headers)}).
     *
     * @param code the status code
     * @param extra headers to set first, may be empty
     * @return this response
     */
    public ServerResponse writeHead(int code, Map<String, String> extra) {
        setStatusCode(code);
        extra.forEach(this::setHeader);
        connection.send(this, null, false);
        return this;
    }

    /**
     * Sends {@code HTTP/1.1 100 Continue} ({@code res.writeContinue()}): the client may send the
     * body it held back after {@code Expect: 100-continue}.
     *
     * @return this response
     * @throws IllegalStateException once the headers are sent
     */
    public ServerResponse writeContinue() {
        requireHeadersNotSent("send 100 Continue");
        continueSent = true;
        connection.writeInformational(this, "HTTP/1.1 100 Continue\r\n\r\n");
        return this;
    }

    /**
     * {@link #writeHead(int, Map)} with no extra header.
     *
     * @param code the status code
     * @return this response
     */
    public ServerResponse writeHead(int code) {
        return writeHead(code, Map.of());
    }

    /**
     * Writes a chunk of the body; the headers go first if not sent yet.
     *
     * @param data the bytes, from position to limit; the response owns the buffer until written
     * @return false while 16 KiB or more wait in the socket: wait for {@link #DRAIN}
     */
    @Override
    public boolean write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        if (ended) {
            connection.loop().nextTick(() -> events.emit(ERROR, new IllegalStateException(
                    "write after end (ERR_STREAM_WRITE_AFTER_END): the response was ended")));
            return false;
        }
        return connection.send(this, data, false);
    }

    /**
     * Writes the last chunk and ends ({@code res.end(data)}): with nothing written before and no
     * {@code Content-Length} set, the response gets this chunk's length.
     *
     * @param data the last bytes, or null
     */
    @Override
    public void end(ByteBuffer data) {
        if (ended) {
            return;
        }
        ended = true;
        connection.send(this, data, true);
    }

    /** Destroys the connection at once, as Node's {@code res.destroy()}. */
    @Override
    public void destroy() {
        connection.destroy();
    }

    /**
     * Adds a listener of {@link #FINISH}.
     *
     * @param listener the listener
     * @return this response
     */
    public ServerResponse onFinish(Runnable listener) {
        on(FINISH, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #CLOSE}.
     *
     * @param listener the listener
     * @return this response
     */
    public ServerResponse onClose(Runnable listener) {
        on(CLOSE, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #ERROR}.
     *
     * @param listener the listener
     * @return this response
     */
    public ServerResponse onError(Consumer<Throwable> listener) {
        on(ERROR, listener);
        return this;
    }

    // ---------------------------------------------------------------- for the connection

    boolean head() {
        return head;
    }

    boolean continueSent() {
        return continueSent;
    }

    String statusMessage() {
        return statusMessage;
    }

    OutgoingHeaders outgoingHeaders() {
        return headers;
    }

    void headersWritten() {
        headersSent = true;
    }

    void finished() {
        if (!finished) {
            finished = true;
            events.emit(FINISH);
        }
    }

    void closed() {
        if (!closed) {
            closed = true;
            events.emit(CLOSE);
        }
    }

    void drained() {
        events.emit(DRAIN);
    }

    void failed(Throwable error) {
        events.emit(ERROR, error);
    }

    private void requireHeadersNotSent(String what) {
        if (headersSent) {
            throw new IllegalStateException("Cannot " + what + " after the headers are sent to the client (ERR_HTTP_HEADERS_SENT)");
        }
    }
}
