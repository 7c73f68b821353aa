package dev.loop.http;

import dev.loop.api.AbortError;
import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.Registration;
import dev.loop.io.Socket;
import dev.loop.io.Streams;
import dev.loop.spi.LoopContext;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A request in flight (Node's {@code http.ClientRequest}), an {@link OutgoingMessage} (a {@link dev.loop.io.WritableStream}): set headers,
 * {@link #write} the body and {@link #end()}; the {@link #RESPONSE} event brings the response as
 * an {@link IncomingMessage}. It waits for a connection of its {@link Agent} (what is written
 * meanwhile is kept), then writes through it. Without a {@code Content-Length}, a body written in
 * several pieces is chunked; {@link #end(ByteBuffer)} with the whole body gives it its length. A
 * connection lost before the response is an {@code ECONNRESET} "socket hang up" error; an abort
 * (its signal, or {@link #destroy()}) an {@link AbortError} or the hang-up.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
public final class ClientRequest implements OutgoingMessage {

    /** The response's status line and headers arrived ({@code 'response'}); its body follows as a stream. */
    public static final Event<IncomingMessage> RESPONSE = Event.named("response");
    /** An interim response, such as {@code 100 Continue} or {@code 103 Early Hints} ({@code 'information'}). */
    public static final Event<IncomingMessage> INFORMATION = Event.named("information");
    /** Its connection sat idle for {@link #setTimeout}'s time ({@code 'timeout'}): destroy it, or wait on. */
    public static final Event<Void> TIMEOUT = Event.named("timeout");
    /** A connection was given to the request ({@code 'socket'}). */
    public static final Event<Socket> SOCKET = Event.named("socket");
    /** The request failed before its response ({@code 'error'}). */
    public static final Event<Throwable> ERROR = Streams.ERROR;
    /** The whole request was handed to the socket ({@code 'finish'}). */
    public static final Event<Void> FINISH = Streams.FINISH;
    /** The socket took what waited, after {@link #write} returned false ({@code 'drain'}). */
    public static final Event<Void> DRAIN = Streams.DRAIN;
    /** Done with: after the response, or after an error ({@code 'close'}). */
    public static final Event<Void> CLOSE = Streams.CLOSE;

    private final EventLoop loop;
    private final RequestOptions options;
    private final Agent agent;
    private final String key;
    private final Emitter events = new Emitter();
    private final OutgoingHeaders headers = new OutgoingHeaders();
    /** Written before a connection came: sent, in order, once it does. */
    private final ArrayDeque<ByteBuffer> early = new ArrayDeque<>();
    private ByteBuffer lastData;
    private ClientConnection connection;
    private boolean ended;
    private boolean headersSent;
    private boolean failed;
    private boolean closed;
    /** Its response came whole: the request is done with, whatever happens to the connection now. */
    private boolean completed;
    private IncomingMessage response;
    private Registration abort;
    /** {@link #setTimeout}'s idle time in milliseconds, 0 for none; and its hold on the socket. */
    private long timeoutMillis;
    private Socket socket;
    private Registration socketTimeout;

    ClientRequest(EventLoop loop, RequestOptions options, Agent agent) {
        this.loop = loop;
        this.options = options;
        this.agent = agent;
        this.key = options.host() + ":" + options.port();
        options.headers().forEach(this::setHeader);
        if (options.signal() != null) {
            LoopContext context = LoopContext.of(loop);
            abort = options.signal().whenAborted(() -> {
                Runnable destroy = () -> destroyWith(AbortError.of(options.signal()));
                if (loop.inLoop()) {
                    loop.nextTick(destroy);
                } else {
                    context.deliverUnlessClosed(destroy);
                }
            });
        }
    }

    @Override
    public Emitter emitter() {
        return events;
    }

    /**
     * Adds a listener of {@link #RESPONSE}.
     *
     * @param listener receives the response
     * @return this request
     */
    public ClientRequest onResponse(Consumer<IncomingMessage> listener) {
        on(RESPONSE, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #ERROR}.
     *
     * @param listener the listener
     * @return this request
     */
    public ClientRequest onError(Consumer<Throwable> listener) {
        on(ERROR, listener);
        return this;
    }

    /**
     * Emits {@link #TIMEOUT} when the request's connection has been idle (nothing read or written)
     * for {@code millis} ({@code req.setTimeout}): the request goes on unless a listener destroys
     * it, as in Node. 0 turns it off.
     *
     * @param millis the idle time, 0 or more
     * @return this request
     */
    public ClientRequest setTimeout(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout must be 0 or more ms, got " + millis);
        }
        timeoutMillis = millis;
        if (socket != null && !completed && !closed) {
            armTimeout();
        }
        return this;
    }

    private void armTimeout() {
        if (socketTimeout == null) {
            socketTimeout = socket.on(Socket.TIMEOUT, () -> events.emit(TIMEOUT));
        }
        socket.setTimeout(timeoutMillis);
    }

    /** Lets go of the socket's idle timer, when the connection goes on to another request or away. */
    private void releaseTimeout() {
        if (socketTimeout != null) {
            socketTimeout.close();
            socketTimeout = null;
            socket.setTimeout(0);
        }
    }

    /** What is sent, and how. */
    public RequestOptions options() {
        return options;
    }

    /**
     * Sets a header while the headers are not sent ({@code req.setHeader}).
     *
     * @param name the name
     * @param value the value, without CR or LF
     * @return this request
     */
    public ClientRequest setHeader(String name, String value) {
        if (headersSent) {
            throw new IllegalStateException("Cannot set headers after they are sent to the server (ERR_HTTP_HEADERS_SENT)");
        }
        headers.set(name, List.of(value));
        return this;
    }

    /**
     * A header's value, by any case of its name.
     *
     * @param name the name
     * @return the value, or null
     */
    public String getHeader(String name) {
        return headers.get(name);
    }

    /**
     * Writes a piece of the body; kept until a connection comes.
     *
     * @param data the bytes, from position to limit; the request owns the buffer until written
     * @return false while the socket (or the waiting queue) holds 16 KiB or more: wait for {@link #DRAIN}
     */
    @Override
    public boolean write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        if (failed || closed || completed) {
            return false; // destroyed or done: nothing more goes out, and nothing more is said
        }
        if (ended) {
            loop.nextTick(() -> events.emit(ERROR, new IllegalStateException("write after end (ERR_STREAM_WRITE_AFTER_END)")));
            return false;
        }
        if (connection == null) {
            early.add(data);
            return early.stream().mapToLong(ByteBuffer::remaining).sum() < 16 * 1024;
        }
        return connection.send(this, data, false);
    }

    /**
     * Writes the last piece and ends: alone, it gives the request its {@code Content-Length}.
     *
     * @param data the last bytes, or null
     */
    @Override
    public void end(ByteBuffer data) {
        if (ended || failed) {
            return;
        }
        ended = true;
        if (connection == null) {
            lastData = data;
        } else {
            connection.send(this, data, true);
        }
    }

    /** Aborts: the connection is destroyed, and a request without its response fails with a hang-up ({@code req.destroy()}). */
    @Override
    public void destroy() {
        destroyWith(new dev.loop.io.ConnectionResetException("socket hang up", null));
    }

    private void destroyWith(Throwable error) {
        if (failed || closed || completed) {
            return;
        }
        if (response != null) {
            // the response has begun: it is the one aborted, as in Node (no error on the request)
            response.fail(new dev.loop.io.ConnectionResetException("aborted", null));
            if (connection != null) {
                connection.destroy(this);
            }
            return;
        }
        if (connection == null) {
            agent.cancel(this);
            fail(error);
        } else {
            ClientConnection using = connection;
            fail(error);
            using.destroy(this);
        }
    }

    // ---------------------------------------------------------------- from the agent and the connection

    String key() {
        return key;
    }

    Agent agent() {
        return agent;
    }

    OutgoingHeaders outgoingHeaders() {
        return headers;
    }

    boolean hasHeader(String name) {
        return headers.has(name);
    }

    void attached(ClientConnection given, Socket socket) {
        connection = given;
        this.socket = socket;
        if (timeoutMillis > 0) {
            armTimeout();
        }
        loop.nextTick(() -> events.emit(SOCKET, socket)); // after the call that made the request, as Node's
        while (!early.isEmpty() && !failed) {
            given.send(this, early.poll(), false);
        }
        if (ended && !failed) {
            given.send(this, lastData, true);
            lastData = null;
        }
    }

    void headersWritten() {
        headersSent = true;
    }

    void responded(IncomingMessage given) {
        response = given;
        events.emit(RESPONSE, given);
    }

    void informed(IncomingMessage interim) {
        events.emit(INFORMATION, interim);
    }

    boolean hearsResponse() {
        return events.listenerCount(RESPONSE) > 0;
    }

    void completed() {
        completed = true;
        releaseTimeout();
    }

    void finished() {
        events.emit(FINISH);
    }

    void drained() {
        events.emit(DRAIN);
    }

    void fail(Throwable error) {
        if (failed || closed) {
            return;
        }
        failed = true;
        loop.nextTick(() -> {
            events.emit(ERROR, error);
            closed();
        });
    }

    void closed() {
        if (!closed) {
            closed = true;
            releaseTimeout();
            if (abort != null) {
                abort.close();
            }
            events.emit(CLOSE);
        }
    }
}
