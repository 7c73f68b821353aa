package dev.loop.http;

import dev.loop.api.EventLoop;
import java.time.Duration;
import dev.loop.io.ConnectionResetException;
import dev.loop.io.ErrnoException;
import dev.loop.io.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * One HTTP/1.1 connection of a server: Jetty's parser fed the socket's chunks, Jetty's generator
 * writing the responses, and the order between them.
 *
 * <p>Implementation overview. Everything runs on the loop thread. The socket's chunks gather in
 * a {@link ParserFeed}; {@link #parse()} feeds them to the parser, whose callbacks build the
 * {@link IncomingMessage} and its {@link ServerResponse}, emit the request, and push the body.
 * Parsing stops (a callback returns true) when a request is complete, until its response has
 * finished too: so responses to pipelined requests go out in order, and a request is never
 * parsed ahead into memory. It also stops while the request's body waits unread (back pressure),
 * and resumes when the body drains. A response may finish inside a parser callback (a handler
 * that answers at once): then the parse loop, not the callback, moves on to the next request,
 * because the parser must not be reset while it runs. A malformed request is answered 400 (431 for
 * headers that are too large) with {@code Connection: close}, and the connection ends, as Node's
 * default {@code clientError} handling does; Jetty's STRICT compliance refuses the request
 * smuggling forms (Content-Length with chunked, two lengths, bare LF, obs-fold, and the like).
 */
final class HttpConnection implements HttpParser.RequestHandler {

    /** The largest response header block: past it the response fails with a 500. */
    private static final int MAX_RESPONSE_HEADER = 64 * 1024;

    private final HttpServer server;
    private final EventLoop loop;
    private final HttpServerOptions options;
    /**
     * The clocks of Node's timeouts, in loop milliseconds, read by the server's periodic check
     * ({@link #checkTimeouts}) rather than a timer per request: when the current request began,
     * whether its headers and its whole are still awaited, and since when the connection idles
     * between keep-alive requests (-1 while it does not).
     */
    private long requestBegan;
    private boolean headersAwaited;
    private boolean requestAwaited;
    private long idleSince = -1;
    private final Socket socket;
    private final HttpParser parser;
    private final ParserFeed feed;
    private final HttpGenerator generator = new HttpGenerator();
    private String method;
    private String uri;
    private HttpVersion version;
    /** The message being parsed's headers: a fresh list per message, handed to its IncomingMessage. */
    private List<String> rawHeaders = new ArrayList<>();
    /** The request's Connection header said close, or keep-alive. */
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    /** The request being parsed or answered; null while the connection is idle. */
    private IncomingMessage request;
    private ServerResponse response;
    private MetaData.Response info;
    private boolean requestComplete;
    private boolean responseComplete;
    private boolean persistent;
    /*
     * Fields Jetty does not recognise as Connection or Keep-Alive (no HttpHeader), so it writes them
     * as they are: it would drop a redundant keep-alive on 1.1, end the connection on a close, and
     * drop a Keep-Alive. (Jetty adds 1.0's Connection: keep-alive itself.)
     */
    private static final HttpField CONNECTION_KEEP_ALIVE = new PreEncodedHttpField(null, "Connection", "keep-alive");
    private static final HttpField CONNECTION_CLOSE_KEPT = new PreEncodedHttpField(null, "Connection", "close");
    private HttpField keepAliveField;
    /** Requests begun on this connection, counted only under a maxRequestsPerSocket limit. */
    private int requestsCount;
    /** The current response is the last this connection may give: it says Connection: close. */
    private boolean lastAllowed;
    private boolean bodyFull;
    private boolean parsing;
    private boolean needDrain;
    /** The current response's Content-Length, or -1; and the body bytes written so far. */
    private long declaredLength = -1;
    private long bytesWritten;
    private boolean peerEnded;
    /** No more requests are parsed: the connection ends after what is in flight, or has closed. */
    private boolean done;
    private boolean closed;
    /** Reused per connection while a response's parts are copied into one buffer; null once handed away. */
    private ByteBuffer headerScratch;
    private ByteBuffer chunkScratch;
    /** The last Date header made; shared by the loops of the JVM (see {@link #date()}). */
    private static volatile CachedDate cachedDate;
    /** What a user callback threw inside a parser callback, rethrown once the parser returns. */

    HttpConnection(HttpServer server, EventLoop loop, Socket socket, HttpServerOptions options) {
        this.server = server;
        this.loop = loop;
        this.socket = socket;
        this.options = options;
        this.parser = new HttpParser(this, options.maxHeaderSize(), HttpCompliance.STRICT);
        this.feed = new ParserFeed(parser, this::destroy);
        socket.setNoDelay(true); // as Node's http server: a response is not held back for an ACK
        socket.onData(this::received)
                .onEnd(this::peerEnded)
                .onDrain(this::socketDrained)
                .onClose(hadError -> closed());
        requestBegins(); // the first request's clocks run from the connection, as Node's do
    }

    EventLoop loop() {
        return loop;
    }

    /**
     * Idle: no request in progress, not even part of one (between keep-alive requests), as Node
     * counts a connection active from the first byte of a message.
     */
    boolean idle() {
        return request == null && !closed && parser.isStart() && !feed.hasBytes();
    }

    /** Ends the connection once what is in flight is done (the server is closing). */
    void closeWhenDone() {
        persistent = false;
        if (idle()) {
            endConnection();
        }
    }

    void destroy() {
        done = true;
        socket.destroy();
    }

    /** Bytes received and not parsed yet, for tests of back pressure. */
    int bufferedInput() {
        return feed.buffered();
    }

    /**
     * Ends this side after what is queued, and destroys the socket once that is written (Node's
     * {@code destroySoon}): a server socket allows half-open, so it would otherwise wait for the
     * client's end.
     */
    private void endConnection() {
        if (closed) {
            return;
        }
        cancelTimers();
        done = true;
        socket.pause(); // nothing more is parsed: read nothing more into memory
        socket.once(Socket.FINISH, socket::destroy);
        socket.end();
    }

    // ---------------------------------------------------------------- reading

    private void received(ByteBuffer chunk) {
        if (done) {
            return; // the connection is ending: what else comes is dropped
        }
        if (idleSince >= 0) {
            idleSince = -1;
            requestBegins(); // the first byte of the next request
        }
        feed.append(chunk);
        parse();
    }

    private void peerEnded() {
        peerEnded = true;
        parser.atEOF();
        parse();
    }

    /**
     * Feeds what waits to the parser until it must wait: for a response (pipelining), for the
     * body to drain (back pressure), or for more bytes. While it waits for anything but bytes, the
     * socket is paused, so a client cannot queue unbounded bytes here. A user exception thrown
     * from inside a parser callback (a handler, a body listener) is held until the parser has
     * returned, then the connection is destroyed and the exception rethrown to the loop, as an
     * uncaught exception in a Node handler is; Jetty would otherwise take it for a bad request.
     */
    private void parse() {
        if (parsing) {
            return; // the loop below goes on
        }
        parsing = true;
        try {
            while (!done && !closed) {
                if (requestComplete && responseComplete) {
                    nextRequest();
                    continue;
                }
                if (requestComplete || bodyFull) {
                    socket.pause(); // wait: for the response, or for the body to drain
                    return;
                }
                boolean endOfInput = peerEnded && !parser.isStart() && !parser.isTerminated();
                // a body whose last bytes were taken before it paused completes without more input
                if (!feed.hasBytes() && !endOfInput && !parser.inContentState()) {
                    if (peerEnded && request == null) {
                        endConnection(); // the client is gone between requests: end ours too
                    }
                    return;
                }
                if (feed.step()) {
                    return; // answered as bad, or it needs more than there is
                }
            }
        } finally {
            parsing = false;
            feed.compact();
        }
    }

    private void nextRequest() {
        request = null;
        response = null;
        info = null;
        requestComplete = false;
        responseComplete = false;
        bodyFull = false;
        needDrain = false;
        if (!persistent || peerEnded && !feed.hasBytes()) {
            endConnection();
            return;
        }
        parser.reset();
        if (peerEnded) {
            parser.atEOF(); // reset() forgets it; what is left is all there is
        }
        generator.reset();
        socket.resume();
        if (!feed.hasBytes()) {
            idleSince = loop.now(); // idle: wait for the next request
        } else {
            requestBegins(); // the next request is here already
        }
    }

    // ---------------------------------------------------------------- timeouts (Node's server properties)

    private void requestBegins() {
        requestBegan = loop.now();
        headersAwaited = true;
        requestAwaited = true;
    }

    private void cancelTimers() {
        headersAwaited = false;
        requestAwaited = false;
        idleSince = -1;
    }

    /** The server's periodic check, at loop time {@code now}: ends the connection if a clock ran out. */
    void checkTimeouts(long now) {
        if (done || closed) {
            return;
        }
        if (idleSince >= 0 && expired(options.keepAliveTimeout(), now - idleSince)) {
            destroy();
        } else if (headersAwaited && expired(options.headersTimeout(), now - requestBegan)
                || requestAwaited && expired(options.requestTimeout(), now - requestBegan)) {
            timedOut();
        }
    }

    private static boolean expired(Duration timeout, long elapsedMillis) {
        return !timeout.isZero() && elapsedMillis >= timeout.toMillis();
    }

    /** The request's headers or the whole request took too long: 408, as Node answers, and the end. */
    private void timedOut() {
        if (done || closed) {
            return;
        }
        cancelTimers();
        done = true;
        if (request != null && !requestComplete) {
            request.fail(new ErrnoException("ERR_HTTP_REQUEST_TIMEOUT", "Request timeout", null, null));
        }
        if (response != null && response.headersSent()) {
            destroy(); // an answer is under way: nothing more can be said
            return;
        }
        socket.write("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        endConnection();
    }

    /** The request's body drained below its mark: parse on. */
    private void bodyDrained() {
        bodyFull = false;
        if (!done && !closed) {
            socket.resume();
        }
        if (!parsing) {
            loop.nextTick(this::parse);
        }
    }

    @Override
    public void startRequest(String method, String uri, HttpVersion version) {
        this.method = method;
        this.uri = uri;
        this.version = version;
        rawHeaders = new ArrayList<>();
        connectionClose = false;
        connectionKeepAlive = false;
    }

    @Override
    public void parsedHeader(HttpField field) {
        int max = options.maxHeadersCount();
        if (max == 0 || rawHeaders.size() < 2 * max) { // past the count, dropped from what the handler sees, as Node's
            rawHeaders.add(field.getName());
            rawHeaders.add(field.getValue());
        }
        if (field.getHeader() == HttpHeader.CONNECTION) {
            // noted as it is parsed (Jetty names the header): persistence needs no second pass
            for (String token : field.getValue().split(",")) {
                String t = token.strip();
                connectionClose |= t.equalsIgnoreCase("close");
                connectionKeepAlive |= t.equalsIgnoreCase("keep-alive");
            }
        }
    }

    @Override
    public boolean headerComplete() {
        headersAwaited = false;
        if ("CONNECT".equals(method)) {
            destroy(); // no tunnels yet: as Node closes a CONNECT that no 'connect' listener takes
            return true;
        }
        persistent = !server.closing() && persistent(version);
        request = new IncomingMessage(loop, method, uri, version.asString().substring("HTTP/".length()), rawHeaders,
                this::bodyDrained, this::destroy);
        response = new ServerResponse(this, "HEAD".equals(method));
        int limit = options.maxRequestsPerSocket();
        boolean overLimit = false;
        if (limit > 0 && version == HttpVersion.HTTP_1_1) { // Node limits 1.1 requests only
            requestsCount++;
            lastAllowed = limit <= requestsCount;
            overLimit = limit < requestsCount;
        }
        boolean dropped = overLimit;
        return feed.guard(() -> {
            server.request(request, response, dropped);
            return false;
        });
    }

    /** HTTP/1.1 keeps the connection unless told to close; 1.0 only if asked to keep it. */
    private boolean persistent(HttpVersion version) {
        return version == HttpVersion.HTTP_1_1 ? !connectionClose : connectionKeepAlive && !connectionClose;
    }

    @Override
    public void parsedTrailer(HttpField field) {
        request.addTrailer(field.getName(), field.getValue());
    }

    @Override
    public boolean content(ByteBuffer item) {
        return feed.guard(() -> {
            if (!request.push(Wire.view(item))) {
                bodyFull = true;
                return true;
            }
            return false;
        });
    }

    @Override
    public boolean contentComplete() {
        return false;
    }

    @Override
    public boolean messageComplete() {
        requestAwaited = false;
        requestComplete = true;
        feed.guard(() -> {
            request.pushEnd();
            return true;
        });
        return true;
    }

    @Override
    public void earlyEOF() {
        if (!peerEnded) {
            // Jetty reports bad chunk framing so, before any end of input: a malformed body
            badMessage(new HttpException.RuntimeException(400, "invalid chunk"));
            return;
        }
        if (request == null || requestComplete) {
            endConnection(); // an end between requests (or after a complete one): what is queued still goes out
            return;
        }
        request.fail(new ConnectionResetException("aborted: the client closed the connection before the request ended",
                null));
        if (responseComplete) {
            endConnection();
        } else {
            destroy();
        }
    }

    @Override
    public void badMessage(HttpException failure) {
        done = true;
        if (request != null && !requestComplete) {
            request.fail(new ErrnoException(parseErrorCode(failure), "Parse Error: " + failure.getReason(), null, null));
        }
        if (server.clientError(failure, socket)) {
            return; // a listener took the socket over, as in Node
        }
        if (response != null && response.headersSent()) {
            if (responseComplete) {
                endConnection(); // the answer is out: let it reach the client
            } else {
                destroy(); // a response is under way: nothing more can be said
            }
            return;
        }
        int code = failure.getCode() == 431 ? 431 : 400;
        String reason = code == 431 ? "Request Header Fields Too Large" : "Bad Request";
        socket.write(("HTTP/1.1 " + code + " " + reason + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        endConnection();
    }

    /** Node's llhttp code for what Jetty reports, where there is an obvious one. */
    private String parseErrorCode(HttpException failure) {
        if (parser.isChunking()) {
            return "HPE_INVALID_CHUNK_SIZE";
        }
        return failure.getCode() == 431 ? "HPE_HEADER_OVERFLOW" : "HPE_INVALID_CONTENT_LENGTH";
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code content} (or only the headers, when null and not last) of {@code res}, the
     * current response; the last call finishes it.
     *
     * @return false while the socket holds back
     */
    boolean send(ServerResponse res, ByteBuffer content, boolean last) {
        if (closed || res != response) {
            return false; // the connection went away: the response's close event says so
        }
        if (info == null) {
            info = metaData(res, last);
        }
        if (res.head() && content != null) {
            // a HEAD response's body is dropped before it can count: Node sends no length it did not set
            content.position(content.limit());
            content = null;
        }
        int length = content == null ? 0 : content.remaining();
        if (declaredLength >= 0 && bytesWritten + length > declaredLength) {
            ErrnoException error = new ErrnoException("ERR_HTTP_CONTENT_LENGTH_MISMATCH", "Response body's content-length of "
                    + (bytesWritten + length) + " byte(s) does not match the content-length of " + declaredLength
                    + " byte(s) set in header", null, null);
            loop.nextTick(() -> res.failed(error));
            return false;
        }
        bytesWritten += length;
        if (last && declaredLength >= 0 && bytesWritten < declaredLength) {
            persistent = false; // the client waits for bytes that never come: only closing ends its wait
            generator.setPersistent(false);
        }
        ByteBuffer header = null;
        ByteBuffer chunk = null;
        boolean flowing = true;
        while (true) {
            HttpGenerator.Result result;
            try {
                if (info == null) {
                    info = metaData(res, last);
                }
                result = generator.generateResponse(info, res.head(), header, chunk, content, last);
            } catch (IOException | RuntimeException e) {
                res.failed(e);
                socket.destroy();
                return false;
            }
            switch (result) {
                case NEED_INFO -> info = metaData(res, last);
                case NEED_HEADER -> header = scratchHeader();
                case HEADER_OVERFLOW -> {
                    if (header.capacity() >= MAX_RESPONSE_HEADER) {
                        res.failed(new IllegalStateException("the response's headers take more than "
                                + MAX_RESPONSE_HEADER + " bytes"));
                        socket.destroy();
                        return false;
                    }
                    header = Wire.emptyForJetty(header.capacity() * 4);
                }
                case NEED_CHUNK -> chunk = scratchChunk();
                case NEED_CHUNK_TRAILER -> chunk = Wire.emptyForJetty(HttpGenerator.CHUNK_SIZE * 4);
                case FLUSH -> {
                    // HEAD, 204 and 304 have no body: neither its bytes nor its chunk framing go out
                    boolean noBody = res.head() || generator.isNoContent();
                    if (header != null) {
                        res.headersWritten();
                        if (res.head() && declaredLength < 0) {
                            header = withoutContentLength(header);
                        }
                    }
                    ByteBuffer framing = noBody ? null : chunk;
                    ByteBuffer body = noBody || content == null ? null : content.duplicate();
                    flowing &= write(header, framing, body); // the socket owns each buffer it is given
                    header = null;
                    chunk = null;
                    if (content != null) {
                        content.position(content.limit());
                    }
                }
                case CONTINUE -> {
                    // the generator moves on by itself
                }
                case SHUTDOWN_OUT -> {
                    persistent = false;
                    responseDone(res);
                    return flowing;
                }
                case DONE -> {
                    if (generator.isEnd()) {
                        responseDone(res);
                    } else if (!flowing) {
                        needDrain = true;
                    }
                    return flowing;
                }
                default -> throw new IllegalStateException("unexpected generator result " + result);
            }
        }
    }

    /** {@link Wire#write}, keeping the scratch buffers when they were copied out, and letting them go when not. */
    private boolean write(ByteBuffer header, ByteBuffer chunk, ByteBuffer body) {
        if (!Wire.coalesces(header, chunk, body)) { // handed to the socket as they are: new scratch buffers next time
            if (header == headerScratch) {
                headerScratch = null;
            }
            if (chunk == chunkScratch) {
                chunkScratch = null;
            }
        }
        return Wire.write(socket, header, chunk, body);
    }

    /** The connection's header buffer, reused while responses are small enough to be copied out. */
    private ByteBuffer scratchHeader() {
        if (headerScratch == null) {
            headerScratch = ByteBuffer.allocate(4096);
        }
        return headerScratch.clear().limit(0);
    }

    private ByteBuffer scratchChunk() {
        if (chunkScratch == null) {
            chunkScratch = ByteBuffer.allocate(HttpGenerator.CHUNK_SIZE);
        }
        return chunkScratch.clear().limit(0);
    }

    /** Node's Date header, made once a second (as Node caches it) instead of per response. */
    private static HttpField date() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate cached = cachedDate;
        if (cached == null || cached.second() != second) {
            // encoded once a second, then copied as bytes into each response's header
            cached = new CachedDate(second, new PreEncodedHttpField(HttpHeader.DATE, DateGenerator.formatDate(second * 1000)));
            cachedDate = cached; // a racy cache of an immutable record: any thread sees a whole one
        }
        return cached.field();
    }

    private record CachedDate(long second, HttpField field) {
    }

    /**
     * A HEAD response's header without the {@code Content-Length: 0} Jetty derives from its empty
     * body: it would tell the client the resource is empty. Node sends no length it was not given.
     */
    private static ByteBuffer withoutContentLength(ByteBuffer header) {
        String text = StandardCharsets.ISO_8859_1.decode(header.duplicate()).toString();
        int at = text.toLowerCase(Locale.ROOT).indexOf("\r\ncontent-length:");
        if (at < 0) {
            return header;
        }
        int end = text.indexOf("\r\n", at + 2);
        return ByteBuffer.wrap((text.substring(0, at) + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1));
    }

    private MetaData.Response metaData(ServerResponse res, boolean last) {
        String declared = res.getHeader("content-length");
        declaredLength = -1;
        bytesWritten = 0;
        if (declared != null) {
            try {
                declaredLength = Long.parseLong(declared.strip());
            } catch (NumberFormatException notANumber) {
                declaredLength = -1; // Jetty refuses it as it generates the header
            }
        }
        if (request.expectsContinue() && !res.continueSent()) {
            persistent = false; // the client may still send the body it held back: do not read it as a request
        }
        HttpFields.Mutable fields = res.outgoingHeaders().fields();
        if (!res.hasHeader("date")) {
            fields.add(date());
        }
        String connection = res.getHeader("connection");
        if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
            persistent = false;
        }
        if (connection == null && version != HttpVersion.HTTP_1_1 && declaredLength < 0) {
            persistent = false; // Node keeps a 1.0 connection only for a Content-Length the handler set
        }
        generator.setPersistent(persistent);
        if (connection == null && persistent) {
            keepAliveHeaders(fields);
        }
        if (!last && version == HttpVersion.HTTP_1_1 && declaredLength < 0 && !res.hasHeader("transfer-encoding")) {
            // more body to come, length unknown: chunked, as Node does even on a connection that
            // closes after it (Jetty would let the close end the body instead)
            fields.add("Transfer-Encoding", "chunked");
        }
        // Trailers go after the last chunk, whenever addTrailers is called before the end: Jetty asks at the end
        return new MetaData.Response(res.statusCode(), res.statusMessage(), version, fields, -1,
                res.hasTrailers() || res.hasHeader("trailer") ? res::trailerFields : null);
    }

    /**
     * What Node says on a response that keeps its connection: {@code Connection: keep-alive} and
     * {@code Keep-Alive: timeout=S[, max=N]}; or, for the last request maxRequestsPerSocket
     * allows, {@code Connection: close} while the connection stays open, as Node leaves it.
     */
    private void keepAliveHeaders(HttpFields.Mutable fields) {
        if (lastAllowed) {
            fields.add(CONNECTION_CLOSE_KEPT);
            return;
        }
        if (version == HttpVersion.HTTP_1_1) {
            fields.add(CONNECTION_KEEP_ALIVE);
        }
        if (!options.keepAliveTimeout().isZero()) {
            if (keepAliveField == null) { // the same for every response of the connection
                int max = options.maxRequestsPerSocket();
                keepAliveField = new PreEncodedHttpField(null, "Keep-Alive",
                        "timeout=" + options.keepAliveTimeout().toSeconds() + (max > 0 ? ", max=" + max : ""));
            }
            fields.add(keepAliveField);
        }
    }

    /** An interim response (100 Continue) for {@code res}, before its own headers. */
    void writeInformational(ServerResponse res, String statusLineAndEnd) {
        if (!closed && res == response) {
            socket.write(statusLineAndEnd.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void responseDone(ServerResponse res) {
        responseComplete = true;
        loop.nextTick(res::finished); // as Node's: after the call that ended it
        loop.nextTick(res::closed);
        request.responseFinished();
        if (!persistent && !requestComplete) {
            endConnection(); // no keep-alive: the rest of the body is not waited for (Node's destroySoon)
            return;
        }
        if (!parsing) {
            parse(); // moves on to the next request when this one was read to its end
        }
    }

    private void socketDrained() {
        if (needDrain && response != null) {
            needDrain = false;
            response.drained();
        }
    }

    private void closed() {
        closed = true;
        done = true;
        cancelTimers();
        if (request != null) {
            if (!requestComplete) {
                request.fail(new ConnectionResetException("aborted: the connection closed before the request ended", null));
            }
            if (!responseComplete) {
                ServerResponse res = response;
                loop.nextTick(res::closed);
            }
        }
        server.connectionClosed(this);
    }
}
