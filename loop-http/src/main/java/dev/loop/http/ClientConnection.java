package dev.loop.http;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import dev.loop.io.ConnectionResetException;
import dev.loop.io.ErrnoException;
import dev.loop.io.Io;
import dev.loop.io.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;

/**
 * One client connection of an {@link Agent}: it carries one request at a time (no pipelining, as
 * Node's client), written by Jetty's generator, and parses its response with Jetty's parser.
 * Everything runs on the loop thread. After a response that leaves the connection reusable (HTTP
 * 1.1, no {@code Connection: close} either way, the request written to its end) the agent gets it
 * back for the next request.
 */
final class ClientConnection implements HttpParser.ResponseHandler {

    private final Agent agent;
    private final EventLoop loop;
    private final Socket socket;
    private final String key;
    private final HttpParser parser;
    private final ParserFeed feed;
    private final HttpGenerator generator = new HttpGenerator();
    private ClientRequest request;
    private IncomingMessage response;
    private MetaData.Request info;
    private HttpVersion version;
    private int status;
    private String reason;
    /** The message being parsed's headers: a fresh list per message, handed to its IncomingMessage. */
    private List<String> rawHeaders = new ArrayList<>();
    private boolean requestFinished;
    private boolean responseComplete;
    private boolean bodyFull;
    private boolean closed;
    /** Destroyed by us: never reused, never parsed further, gone from the agent's idle list at once. */
    private boolean dead;
    /** The peer ended its side: what is left is parsed to its end, and the connection not reused. */
    private boolean peerEnded;
    /** Parse to the end of what is there, back pressure aside: the connection is ending. */
    private boolean drainingToEnd;
    /** The response in progress is an interim one (1xx): the final one follows on this request. */
    private boolean interim;
    private boolean needDrain;
    private Timeout idleTimer;
    /** What a user listener threw inside a parser callback, rethrown once the parser returns. */

    ClientConnection(Agent agent, Io io, String host, int port, String key) {
        this.agent = agent;
        this.loop = io.loop();
        this.key = key;
        this.parser = new HttpParser(this, 64 * 1024);
        this.feed = new ParserFeed(parser, this::kill);
        this.socket = io.net().connect(port, host);
        socket.setNoDelay(true);
        socket.onData(this::received)
                .onEnd(this::peerEnded)
                .onDrain(this::drained)
                .onError(this::failed)
                .onClose(hadError -> closed());
    }

    String key() {
        return key;
    }

    EventLoop loop() {
        return loop;
    }

    /** Takes {@code next}: the connection is in use again (referenced, no idle timer). */
    void start(ClientRequest next) {
        idleTimer = cancel(idleTimer);
        socket.ref();
        request = next;
        response = null;
        info = null;
        requestFinished = false;
        responseComplete = false;
        bodyFull = false;
        needDrain = false;
        parser.reset();
        parser.setHeadResponse("HEAD".equals(next.options().method()));
        generator.reset();
        next.attached(this, socket);
    }

    /** Waits in the agent's idle list: unreferenced, closed after {@code timeout} unless taken. */
    void idle(Duration timeout) {
        request = null;
        response = null;
        socket.unref();
        if (!timeout.isZero()) {
            idleTimer = loop.setTimeout(this::close, Math.max(1, timeout.toMillis())).unref();
        }
    }

    void close() {
        kill();
    }

    /** Destroys the socket; from now on the connection is dead to the agent. */
    private void kill() {
        idleTimer = cancel(idleTimer);
        if (!dead) {
            dead = true;
            agent.dropIdle(this);
        }
        socket.destroy();
    }

    boolean dead() {
        return dead;
    }

    private static Timeout cancel(Timeout timer) {
        if (timer != null) {
            timer.close();
        }
        return null;
    }

    // ---------------------------------------------------------------- writing the request

    /** Writes {@code content} of {@code req} (or only its headers); the last call ends it. */
    boolean send(ClientRequest req, ByteBuffer content, boolean last) {
        if (closed || dead || req != request) {
            return false;
        }
        if (info == null && content != null && content.hasRemaining() && req.hasHeader("expect")) {
            // With Expect, Jetty's generator commits the head alone and frames no content with it:
            // send the head first, then the content through the committed state, which frames it.
            send(req, null, false);
        }
        ByteBuffer header = null;
        ByteBuffer chunk = null;
        boolean flowing = true;
        while (true) {
            HttpGenerator.Result result;
            try {
                if (info == null) {
                    info = metaData(req);
                }
                result = generator.generateRequest(info, header, chunk, content, last);
            } catch (IOException | RuntimeException e) {
                req.fail(e);
                kill();
                return false;
            }
            switch (result) {
                case NEED_INFO -> info = metaData(req);
                case NEED_HEADER -> header = Wire.emptyForJetty(4096);
                case HEADER_OVERFLOW -> header = Wire.emptyForJetty(header.capacity() * 4);
                case NEED_CHUNK -> chunk = Wire.emptyForJetty(HttpGenerator.CHUNK_SIZE);
                case NEED_CHUNK_TRAILER -> chunk = Wire.emptyForJetty(HttpGenerator.CHUNK_SIZE * 4);
                case FLUSH -> {
                    if (header != null) {
                        req.headersWritten();
                    }
                    flowing &= Wire.write(socket, header, chunk, content == null ? null : content.duplicate());
                    header = null;
                    chunk = null;
                    if (content != null) {
                        content.position(content.limit());
                    }
                }
                case CONTINUE -> {
                    // the generator moves on by itself
                }
                case SHUTDOWN_OUT, DONE -> {
                    if (generator.isEnd() || result == HttpGenerator.Result.SHUTDOWN_OUT) {
                        requestFinished = true;
                        loop.nextTick(req::finished);
                        maybeDone();
                    } else if (!flowing) {
                        needDrain = true;
                    }
                    return flowing;
                }
                default -> throw new IllegalStateException("unexpected generator result " + result);
            }
        }
    }

    private MetaData.Request metaData(ClientRequest req) {
        HttpFields.Mutable fields = req.outgoingHeaders().fields();
        RequestOptions options = req.options();
        if (!req.hasHeader("host")) {
            fields.add("Host", options.port() == 80 ? options.host() : options.host() + ":" + options.port());
        }
        if (!req.hasHeader("connection")) {
            fields.add("Connection", req.agent().options().keepAlive() ? "keep-alive" : "close");
        }
        return new MetaData.Request(options.method(), HttpURI.from(options.path()), HttpVersion.HTTP_1_1, fields, -1);
    }

    private void drained() {
        if (needDrain && request != null) {
            needDrain = false;
            request.drained();
        }
    }

    // ---------------------------------------------------------------- reading the response

    private void received(ByteBuffer chunk) {
        if (request == null) {
            kill(); // bytes on an idle connection: the server misbehaves; it cannot be reused
            return;
        }
        feed.append(chunk);
        parse();
    }

    private void parse() {
        while (!closed && !dead && request != null && !responseComplete && (!bodyFull || drainingToEnd)) {
            if (!feed.hasBytes() && !parser.isAtEOF() && !parser.inContentState()) {
                break;
            }
            if (feed.step()) {
                break;
            }
        }
        if (bodyFull && !drainingToEnd && !dead) {
            socket.pause();
        }
        feed.compact();
    }

    private void peerEnded() {
        peerEnded = true;
        finishWhatIsThere();
    }

    /**
     * The connection is ending: parse what arrived to its end, whatever the reader's pace (its
     * chunks wait in the response), so that a body that came whole is delivered whole.
     */
    private void finishWhatIsThere() {
        if (!parser.isAtEOF()) {
            parser.atEOF();
        }
        drainingToEnd = true;
        parse();
    }

    private void bodyDrained() {
        bodyFull = false;
        socket.resume();
        loop.nextTick(this::parse);
    }

    @Override
    public void startResponse(HttpVersion version, int status, String reason) {
        this.version = version;
        this.status = status;
        this.reason = reason;
        rawHeaders = new ArrayList<>();
    }

    @Override
    public void parsedHeader(HttpField field) {
        rawHeaders.add(field.getName());
        rawHeaders.add(field.getValue());
    }

    @Override
    public boolean headerComplete() {
        IncomingMessage[] self = new IncomingMessage[1];
        self[0] = IncomingMessage.response(loop, status, reason, version.asString().substring("HTTP/".length()),
                rawHeaders, this::bodyDrained, () -> {
                    if (response == self[0] && !responseComplete) {
                        kill(); // a response read to its end no longer holds the connection
                    }
                });
        return feed.guard(() -> {
            if (status == 101) {
                request.fail(new ErrnoException("ERR_HTTP_UPGRADE", "the server switched protocols (101):"
                        + " loop-http does not support upgrade yet", null, null));
                kill();
                return true;
            }
            if (status < 200) {
                interim = true; // 100 Continue, 103 Early Hints: the final response follows
                request.informed(self[0]);
                return false;
            }
            response = self[0];
            request.responded(response);
            if (!request.hearsResponse()) {
                response.dump(); // nobody listens: read and drop it, as Node does
            }
            return false;
        });
    }

    @Override
    public boolean content(ByteBuffer item) {
        return feed.guard(() -> {
            if (!response.push(Wire.view(item))) {
                bodyFull = true;
                return !drainingToEnd;
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
        if (interim) {
            interim = false;
            parser.reset(); // the final response follows on the same request
            parser.setHeadResponse("HEAD".equals(request.options().method()));
            if (peerEnded) {
                parser.atEOF();
            }
            return true;
        }
        responseComplete = true;
        feed.guard(() -> {
            response.pushEnd();
            return true;
        });
        maybeDone();
        return true;
    }

    @Override
    public void earlyEOF() {
        failed(new ConnectionResetException(response == null ? "socket hang up" : "aborted", null));
        kill();
    }

    @Override
    public void badMessage(HttpException failure) {
        if (peerEnded && response == null) {
            failed(new ConnectionResetException("socket hang up", null)); // it closed mid-head, as Node says
        } else {
            failed(new ErrnoException("HPE_INVALID_CONSTANT", "Parse Error: " + failure.getReason(), null, null));
        }
        kill();
    }

    /** Both directions done: the connection goes back to the agent, reusable or not. */
    private void maybeDone() {
        if (!requestFinished || !responseComplete || request == null) {
            return;
        }
        ClientRequest done = request;
        // not for a body the close delimited, nor after a Connection: close either way (ours included)
        boolean reusable = version == HttpVersion.HTTP_1_1 && !closes(rawHeaders) && generator.isPersistent()
                && !dead && !peerEnded && !parser.isAtEOF() && !feed.hasBytes();
        request = null;
        done.completed();
        loop.nextTick(done::closed);
        agent.released(this, reusable);
    }

    private static boolean closes(List<String> raw) {
        for (int i = 0; i + 1 < raw.size(); i += 2) {
            if (raw.get(i).equalsIgnoreCase("connection") && raw.get(i + 1).toLowerCase(Locale.ROOT).contains("close")) {
                return true;
            }
        }
        return false;
    }

    private void failed(Throwable error) {
        ClientRequest failing = request;
        request = null;
        if (failing == null) {
            return;
        }
        if (response != null && !responseComplete) {
            response.fail(error);
            loop.nextTick(failing::closed);
        } else if (response == null) {
            failing.fail(error);
        } else {
            loop.nextTick(failing::closed); // the response came whole; the request's rest is moot
        }
    }

    private void closed() {
        if (request != null && response != null && !responseComplete && !dead) {
            finishWhatIsThere(); // a body that came whole before the close is delivered whole
        }
        closed = true;
        idleTimer = cancel(idleTimer);
        if (!dead) {
            dead = true;
            agent.dropIdle(this);
        }
        if (request != null && !(requestFinished && responseComplete)) {
            failed(new ConnectionResetException(response == null ? "socket hang up" : "aborted", null));
        }
        agent.closed(this);
    }

    /** Destroys the connection under {@code req} (its abort). */
    void destroy(ClientRequest req) {
        if (req == request) {
            kill();
        }
    }
}
