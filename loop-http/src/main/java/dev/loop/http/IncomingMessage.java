package dev.loop.http;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.io.ReadableStream;
import dev.loop.io.Streams;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A request the server received, or a response the client received (Node's
 * {@code http.IncomingMessage}): its request line (or status line) and headers, and its body as a
 * {@link ReadableStream}. The body's chunks go to the
 * {@link #DATA data listeners} as they are parsed; while there are none, or while
 * {@link #pause() paused}, they wait here, and the connection stops reading once 16 KiB wait, so a
 * slow consumer holds the client back. {@link #END} follows the last chunk (at once for a request
 * without a body); {@link #ERROR} and {@link #CLOSE} report a connection lost mid-body.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
public final class IncomingMessage implements ReadableStream {

    /** A chunk of the body ({@code 'data'}): a fresh buffer the listeners may keep. */
    public static final Event<ByteBuffer> DATA = Streams.DATA;
    /** The body ended ({@code 'end'}). */
    public static final Event<Void> END = Streams.END;
    /** The connection failed before the body ended ({@code 'error'}, after {@code 'aborted'}). */
    public static final Event<Throwable> ERROR = Streams.ERROR;
    /** The request is done with: after its end and its response, or after an error ({@code 'close'}). */
    public static final Event<Void> CLOSE = Streams.CLOSE;

    /** Bytes of the body that may wait here before the connection stops reading. */
    static final int HIGH_WATER_MARK = 16 * 1024;

    private final EventLoop loop;
    private final String method;
    private final String url;
    private final String httpVersion;
    private final int statusCode;
    private final String statusMessage;
    private final List<String> rawHeaders;
    /** A chunked body's trailers, names and values alternately; null while there are none. */
    private List<String> trailers;
    /** Made on first use: most handlers read a header or two, if any. */
    private Map<String, String> headers;
    private final Runnable wantMore;
    private final Runnable destroyConnection;
    private final ArrayDeque<ByteBuffer> waiting = new ArrayDeque<>();
    private final Emitter events;
    private long waitingBytes;
    private boolean paused;
    private boolean ended;
    private boolean endEmitted;
    private boolean destroyed;
    /** The response finished first: the rest of the body is dropped as it comes. */
    private boolean dumping;
    private boolean closed;

    IncomingMessage(EventLoop loop, String method, String url, String httpVersion, List<String> rawHeaders,
            Runnable wantMore, Runnable destroyConnection) {
        this(loop, method, url, 0, null, httpVersion, rawHeaders, wantMore, destroyConnection);
    }

    /** A response: its status, no method or url. */
    static IncomingMessage response(EventLoop loop, int statusCode, String statusMessage, String httpVersion,
            List<String> rawHeaders, Runnable wantMore, Runnable destroyConnection) {
        return new IncomingMessage(loop, null, null, statusCode, statusMessage, httpVersion, rawHeaders, wantMore,
                destroyConnection);
    }

    private IncomingMessage(EventLoop loop, String method, String url, int statusCode, String statusMessage,
            String httpVersion, List<String> rawHeaders, Runnable wantMore, Runnable destroyConnection) {
        this.statusCode = statusCode;
        this.statusMessage = statusMessage;
        this.loop = loop;
        this.method = method;
        this.url = url;
        this.httpVersion = httpVersion;
        this.rawHeaders = rawHeaders; // handed over: the connection starts a new list for its next message
        this.wantMore = wantMore;
        this.destroyConnection = destroyConnection;
        this.events = new Emitter(event -> {
            if (event == DATA) {
                loop.nextTick(this::flush); // a reader came: what waits follows, as a socket's does
            }
        });
    }

    /**
     * Node's {@code message.headers}: lower-cased names; a repeated header's values joined with
     * {@code ", "} ({@code set-cookie}'s with {@code "; "} is Node's array: here joined too, in order).
     */
    private static Map<String, String> lowerCased(List<String> raw) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < raw.size(); i += 2) {
            String name = raw.get(i).toLowerCase(Locale.ROOT);
            String value = raw.get(i + 1);
            map.merge(name, value, (a, b) -> a + ", " + b);
        }
        return map;
    }

    @Override
    public Emitter emitter() {
        return events;
    }

    /** A request's method, as sent ({@code GET}, {@code POST}, ...); null for a response. */
    public String method() {
        return method;
    }

    /** A request's target, as sent: the path and query ({@code /jobs?id=4}); null for a response. */
    public String url() {
        return url;
    }

    /** A response's status code ({@code message.statusCode}); 0 for a request. */
    public int statusCode() {
        return statusCode;
    }

    /** A response's reason phrase ({@code message.statusMessage}); null for a request. */
    public String statusMessage() {
        return statusMessage;
    }

    /** The HTTP version, {@code "1.1"} or {@code "1.0"}. */
    public String httpVersion() {
        return httpVersion;
    }

    /** The headers by lower-cased name (Node's {@code headers}), in the order received. */
    public Map<String, String> headers() {
        if (headers == null) {
            headers = Collections.unmodifiableMap(lowerCased(rawHeaders));
        }
        return headers;
    }

    /**
     * One header's value, by any case of its name.
     *
     * @param name the header's name
     * @return its value (repeated values joined with {@code ", "}), or null
     */
    public String header(String name) {
        if (headers != null) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
        String joined = null; // one header: looked up in place, without making the map
        for (int i = 0; i + 1 < rawHeaders.size(); i += 2) {
            if (rawHeaders.get(i).equalsIgnoreCase(name)) {
                joined = joined == null ? rawHeaders.get(i + 1) : joined + ", " + rawHeaders.get(i + 1);
            }
        }
        return joined;
    }

    /**
     * The trailers of a chunked body, by lower-cased name (Node's {@code trailers}): empty until
     * the body has ended, and for a body that had none.
     */
    public Map<String, String> trailers() {
        return trailers == null ? Map.of() : Collections.unmodifiableMap(lowerCased(trailers));
    }

    /** A trailer field, as the body ends. */
    void addTrailer(String name, String value) {
        if (trailers == null) {
            trailers = new java.util.ArrayList<>();
        }
        trailers.add(name);
        trailers.add(value);
    }

    /** Names and values alternately, as received (Node's {@code rawHeaders}). */
    public List<String> rawHeaders() {
        return Collections.unmodifiableList(rawHeaders);
    }

    /** Whether the whole body has been received ({@code message.complete}). */
    public boolean complete() {
        return ended;
    }

    /**
     * Adds a listener of {@link #DATA}.
     *
     * @param listener receives each chunk of the body
     * @return this request
     */
    public IncomingMessage onData(Consumer<ByteBuffer> listener) {
        on(DATA, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #END}.
     *
     * @param listener runs after the last chunk
     * @return this request
     */
    public IncomingMessage onEnd(Runnable listener) {
        on(END, listener);
        return this;
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        loop.nextTick(this::flush);
    }

    /** Destroys the connection, as Node's {@code req.destroy()}: the rest of the body and the response are dropped. */
    @Override
    public void destroy() {
        if (!destroyed) {
            destroyed = true;
            waiting.clear();
            waitingBytes = 0;
            if (!endEmitted) {
                destroyConnection.run(); // a message read to its end no longer holds its connection
            }
            closeOnce();
        }
    }

    /** Bytes of the body waiting to be delivered, for tests of back pressure. */
    long waitingBytes() {
        return waitingBytes;
    }

    /** Whether the client sent {@code Expect: 100-continue} (HTTP/1.1). */
    boolean expectsContinue() {
        return "1.1".equals(httpVersion) && "100-continue".equalsIgnoreCase(header("expect"));
    }

    // ---------------------------------------------------------------- from the connection

    /** A chunk of the body; false once enough waits that the connection should stop reading. */
    boolean push(ByteBuffer chunk) {
        if (destroyed || dumping) {
            return true;
        }
        waiting.add(chunk);
        waitingBytes += chunk.remaining();
        flush();
        return waitingBytes < HIGH_WATER_MARK;
    }

    /** The body ended. */
    void pushEnd() {
        ended = true;
        if (!dumping) {
            flush();
        } else if (!endEmitted && !destroyed) {
            endEmitted = true; // read and dropped, as Node's _dump: the end still comes
            events.emit(END);
            closeIfResponse();
        }
    }

    /** The connection failed before the body ended. */
    void fail(Throwable error) {
        if (!destroyed && !endEmitted) {
            destroyed = true;
            waiting.clear();
            events.emit(ERROR, error);
            closeOnce();
        }
    }

    /**
     * The response finished: the request is done with. What the handler did not read of the body
     * is read and dropped (Node's {@code _dump}), so that the connection can go on to the next request.
     */
    void responseFinished() {
        if (!endEmitted) {
            dumping = true;
            waiting.clear();
            if (waitingBytes >= HIGH_WATER_MARK) {
                waitingBytes = 0;
                wantMore.run();
            }
            waitingBytes = 0;
        }
        closeOnce();
    }

    private void flush() {
        boolean wasFull = waitingBytes >= HIGH_WATER_MARK;
        while (!paused && !destroyed && !waiting.isEmpty() && events.listenerCount(DATA) > 0) {
            ByteBuffer chunk = waiting.poll();
            waitingBytes -= chunk.remaining();
            events.emit(DATA, chunk);
        }
        if (ended && waiting.isEmpty() && !endEmitted && !destroyed && !paused) {
            endEmitted = true;
            events.emit(END);
            closeIfResponse();
        }
        if (wasFull && waitingBytes < HIGH_WATER_MARK) {
            wantMore.run();
        }
    }

    /** A response is done with once its body ended (a request, once its response finished). */
    private void closeIfResponse() {
        if (statusCode != 0) {
            closeOnce();
        }
    }

    /** Drops the body unread, as Node does for a response nobody listens to. */
    void dump() {
        responseFinished();
    }

    private void closeOnce() {
        if (!closed) {
            closed = true;
            loop.nextTick(() -> events.emit(CLOSE));
        }
    }
}
