package dev.loop.http;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
import dev.loop.api.Promise;
import dev.loop.io.Io;
import dev.loop.io.Server;
import dev.loop.io.ServerOptions;
import dev.loop.io.Socket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpException;

/**
 * An HTTP/1.1 server (Node's {@code http.Server}) on a loop-io {@link Server}: each connection
 * parses its requests and emits {@link #REQUEST} with the request and its response, keeping
 * connections alive between requests and answering pipelined requests in order. Make one with
 * {@link Http#createServer}.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
public final class HttpServer implements EventSource {

    /** A request, with its response ({@code 'request'}). */
    public static final Event<Exchange> REQUEST = Event.named("request");
    /**
     * A request that asked {@code Expect: 100-continue} ({@code 'checkContinue'}). With no
     * listener the server sends {@code 100 Continue} and emits {@link #REQUEST}; a listener decides
     * instead: {@link ServerResponse#writeContinue()} and read the body, or answer at once (417,
     * 413...) without reading it.
     */
    public static final Event<Exchange> CHECK_CONTINUE = Event.named("checkContinue");
    /** A new connection ({@code 'connection'}). */
    public static final Event<Socket> CONNECTION = Event.named("connection");
    /**
     * A malformed request ({@code 'clientError'}). With no listener the server answers 400 (431
     * for headers that are too large) with {@code Connection: close} and ends the connection; a
     * listener takes the socket over instead, as in Node.
     */
    public static final Event<ClientError> CLIENT_ERROR = Event.named("clientError");
    /**
     * A request past {@link HttpServerOptions#maxRequestsPerSocket()} on its connection
     * ({@code 'dropRequest'}): it is answered 503 and never reaches {@link #REQUEST}.
     */
    public static final Event<IncomingMessage> DROP_REQUEST = Event.named("dropRequest");

    private final EventLoop loop;
    private final Server server;
    private final HttpServerOptions options;
    private final Emitter events = new Emitter();
    private final Set<HttpConnection> connections = new LinkedHashSet<>();
    private final long checkEveryMillis;
    private dev.loop.api.Timeout checker;
    private boolean closing;

    HttpServer(Io io, HttpServerOptions options) {
        this.loop = io.loop();
        this.options = options;
        this.checkEveryMillis = checkEvery(options);
        this.server = io.net().createServer(ServerOptions.defaults().withAllowHalfOpen(true), this::connected);
    }

    @Override
    public Emitter emitter() {
        return events;
    }

    /**
     * Adds a listener of {@link #REQUEST}.
     *
     * @param listener receives each request and its response
     * @return this server
     */
    public HttpServer onRequest(RequestListener listener) {
        on(REQUEST, exchange -> listener.onRequest(exchange.request(), exchange.response()));
        return this;
    }

    /**
     * Listens on {@code host:port} ({@code server.listen}).
     *
     * @param port the port, 0 for any free one
     * @param host the address or name to bind
     * @return the bound address
     */
    public Promise<InetSocketAddress> listen(int port, String host) {
        return server.listen(port, host);
    }

    /** The bound address, or null before listening. */
    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * Stops accepting and ends the idle connections; a connection with a request in flight ends
     * after its response ({@code server.close()}, as Node 19 and later do).
     *
     * @return settles when the listening socket is closed
     */
    public Promise<Void> close() {
        closing = true;
        for (HttpConnection connection : List.copyOf(connections)) {
            connection.closeWhenDone();
        }
        return server.close();
    }

    /** Destroys every connection, with or without a request in flight ({@code closeAllConnections}). */
    public void closeAllConnections() {
        server.closeAllConnections();
    }

    /** Destroys the connections with no request in flight ({@code closeIdleConnections}). */
    public void closeIdleConnections() {
        for (HttpConnection connection : new ArrayList<>(connections)) {
            if (connection.idle()) {
                connection.destroy();
            }
        }
    }

    /** The open connections ({@code server.getConnections}). */
    public int connectionCount() {
        return server.connectionCount();
    }

    /** Lets the loop end while the server only waits for connections ({@code server.unref()}). */
    public HttpServer unref() {
        server.unref();
        return this;
    }

    /** Keeps the loop alive while listening again ({@code server.ref()}). */
    public HttpServer ref() {
        server.ref();
        return this;
    }

    // ---------------------------------------------------------------- from connections

    private void connected(Socket socket) {
        connections.add(new HttpConnection(this, loop, socket, options));
        if (checker == null && checkEveryMillis > 0) {
            checker = loop.setInterval(this::checkTimeouts, checkEveryMillis).unref();
        }
        events.emit(CONNECTION, socket);
    }

    /**
     * Node's timeouts, checked for every connection every quarter of the shortest one (at least
     * 5 ms, at most a second), as Node checks its own periodically: per request the connection only
     * notes the time, and a timeout ends a connection up to a check late.
     */
    private void checkTimeouts() {
        long now = loop.now();
        for (HttpConnection connection : List.copyOf(connections)) {
            connection.checkTimeouts(now);
        }
        if (connections.isEmpty() && checker != null) {
            checker.close();
            checker = null;
        }
    }

    private static long checkEvery(HttpServerOptions options) {
        long shortest = Long.MAX_VALUE;
        for (java.time.Duration timeout : List.of(options.keepAliveTimeout(), options.headersTimeout(), options.requestTimeout())) {
            if (!timeout.isZero()) {
                shortest = Math.min(shortest, timeout.toMillis());
            }
        }
        return shortest == Long.MAX_VALUE ? 0 : Math.clamp(shortest / 4, 5, 1000);
    }

    /** The open connections, for tests. */
    List<HttpConnection> connections() {
        return List.copyOf(connections);
    }

    boolean closing() {
        return closing;
    }

    void request(IncomingMessage request, ServerResponse response, boolean overLimit) {
        if (overLimit) { // as Node's: the handler never sees it
            events.emit(DROP_REQUEST, request);
            response.writeHead(503).end();
            return;
        }
        boolean expectsContinue = request.expectsContinue();
        if (expectsContinue && events.listenerCount(CHECK_CONTINUE) > 0) {
            events.emit(CHECK_CONTINUE, new Exchange(request, response));
            return;
        }
        if (expectsContinue) {
            response.writeContinue();
        }
        events.emit(REQUEST, new Exchange(request, response));
    }

    /** True if a listener took the malformed request over. */
    boolean clientError(HttpException failure, Socket socket) {
        if (events.listenerCount(CLIENT_ERROR) == 0) {
            return false;
        }
        events.emit(CLIENT_ERROR, new ClientError(failure.getCode() == 431 ? 431 : 400, failure.getReason(), socket));
        return true;
    }

    void connectionClosed(HttpConnection connection) {
        connections.remove(connection);
    }
}
