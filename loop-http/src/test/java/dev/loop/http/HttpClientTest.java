package dev.loop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.AbortController;
import dev.loop.api.AbortError;
import dev.loop.io.ConnectionResetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Node's http client against loop-http's server on the same loop: requests, bodies, agents, errors. */
@org.junit.jupiter.api.Timeout(30)
class HttpClientTest extends HttpTestFixture {


    /** Runs {@code client} against a server of {@code handler}; the server closes once the loop has nothing else. */
    private void withServer(RequestListener handler, Consumer<Integer> client) {
        loop.run(() -> {
            // kept-alive server connections end soon after the client's last request, so the loop ends
            HttpServer server = Http.createServer(io, HttpServerOptions.defaults().withKeepAliveTimeout(
                    java.time.Duration.ofMillis(50)), handler);
            server.listen(0, HOST).thenAccept(address -> {
                server.unref(); // the loop ends when the client's work does
                loop.setTimeout(() -> { // a hung exchange fails the test instead of hanging it
                    stuck[0] = true;
                    server.closeAllConnections();
                }, 10_000).unref();
                client.accept(address.getPort());
            });
        });
        assertTrue(!stuck[0], "the exchange hung");
    }

    private final boolean[] stuck = {false};

    private static void readAll(IncomingMessage message, Consumer<String> body) {
        StringBuilder text = new StringBuilder();
        message.onData(chunk -> text.append(StandardCharsets.UTF_8.decode(chunk))).onEnd(() -> body.accept(text.toString()));
    }

    @Test
    void aGetReceivesStatusHeadersAndBody() {
        List<String> seen = new ArrayList<>();
        withServer((req, res) -> {
            res.setHeader("X-Seen-Host", req.header("host"));
            res.end("hello " + req.url());
        }, port -> Http.get(io, "http://127.0.0.1:" + port + "/path?q=1", res -> {
            seen.add(res.statusCode() + " " + res.statusMessage() + " " + res.header("x-seen-host"));
            readAll(res, seen::add);
        }));
        assertEquals(List.of("200 OK 127.0.0.1:" + seen.get(0).split(":")[1], "hello /path?q=1"), seen);
    }

    @Test
    void aPostSendsItsBodyChunkedOrWithItsLength() {
        List<String> seen = new ArrayList<>();
        withServer((req, res) -> readAll(req, body -> res.end(req.header("transfer-encoding") + "/"
                + req.header("content-length") + "/" + body)), port -> {
            RequestOptions post = RequestOptions.of("http://127.0.0.1:" + port + "/jobs").withMethod("POST");
            ClientRequest chunked = Http.request(io, post, res -> readAll(res, seen::add));
            chunked.write("one,");
            chunked.write("two");
            chunked.end();
            ClientRequest whole = Http.request(io, post, res -> readAll(res, seen::add));
            whole.end("all at once");
        });
        assertTrue(seen.contains("chunked/null/one,two"), seen.toString());
        assertTrue(seen.contains("null/11/all at once"), seen.toString());
    }

    /** The global agent keeps the connection: three sequential requests, one connection. */
    @Test
    void theGlobalAgentReusesItsConnection() {
        List<Integer> connections = new ArrayList<>();
        int[] served = {0};
        withServer((req, res) -> res.end(String.valueOf(++served[0])), port -> {
            Runnable[] next = new Runnable[1];
            next[0] = () -> Http.get(io, "http://127.0.0.1:" + port + "/", res -> readAll(res, body -> {
                connections.add(Http.globalAgent(io).openConnections());
                if (served[0] < 3) {
                    loop.setImmediate(next[0]);
                }
            }));
            next[0].run();
        });
        assertEquals(List.of(1, 1, 1), connections);
        assertEquals(3, served[0]);
    }

    /** maxSockets 1: the second request waits for the first's connection, then takes it. */
    @Test
    void maxSocketsQueuesRequests() {
        List<String> order = new ArrayList<>();
        withServer((req, res) -> loop.setTimeout(() -> res.end(req.url()), 20), port -> {
            Agent agent = Agent.create(io, AgentOptions.defaults().withKeepAlive(true).withMaxSockets(1));
            for (String path : List.of("/c", "/d")) {
                Http.request(io, RequestOptions.of("http://127.0.0.1:" + port + path).withAgent(agent),
                        res -> readAll(res, body -> {
                            order.add(body + " on " + agent.openConnections());
                            if (order.size() == 2) {
                                agent.destroy();
                            }
                        })).end();
            }
        });
        assertEquals(List.of("/c on 1", "/d on 1"), order, "one connection, in turn");
    }

    @Test
    void aRefusedConnectionIsAnError() {
        Throwable[] error = new Throwable[1];
        loop.run(() -> {
            HttpServer server = Http.createServer(io, (req, res) -> { });
            server.listen(0, HOST).thenAccept(address -> {
                int port = address.getPort();
                server.close().thenAccept(v -> Http.get(io, "http://127.0.0.1:" + port + "/", res -> { })
                        .onError(e -> error[0] = e));
            });
        });
        assertInstanceOf(dev.loop.io.ConnectionRefusedException.class, error[0]);
    }

    @Test
    void aServerThatHangsUpIsASocketHangUp() {
        Throwable[] error = new Throwable[1];
        withServer((req, res) -> res.destroy(),
                port -> Http.get(io, "http://127.0.0.1:" + port + "/", res -> { }).onError(e -> error[0] = e));
        assertEquals("socket hang up", assertInstanceOf(ConnectionResetException.class, error[0]).getMessage());
    }

    @Test
    void anAbortSignalDestroysTheRequest() {
        Throwable[] error = new Throwable[1];
        AbortController controller = new AbortController();
        withServer((req, res) -> loop.setTimeout(() -> res.end("late"), 5_000).unref(), port -> {
            Http.request(io, RequestOptions.of("http://127.0.0.1:" + port + "/").withSignal(controller.signal()),
                    res -> { }).onError(e -> error[0] = e).end();
            loop.setTimeout(() -> controller.abort("changed my mind"), 20);
        });
        assertEquals("changed my mind", assertInstanceOf(AbortError.class, error[0]).reason());
    }

    /** Runs {@code client} against a raw server that answers every connection with {@code answer} and ends. */
    private void withRawServer(String answer, Consumer<Integer> client) {
        loop.run(() -> {
            dev.loop.io.Server server = io.net().createServer(socket -> socket.onData(chunk -> {
                socket.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                socket.end();
            }));
            server.listen(0, HOST).thenAccept(address -> {
                server.unref();
                client.accept(address.getPort());
            });
        });
    }

    /** setTimeout: an idle connection emits timeout; the listener decides (here: destroy, a hang-up). */
    @Test
    void anIdleRequestTimesOutAndItsListenerDestroysIt() {
        List<String> seen = new ArrayList<>();
        withServer((req, res) -> loop.setTimeout(() -> res.end("too late"), 5_000).unref(), port -> {
            ClientRequest request = Http.request(io, RequestOptions.of("http://127.0.0.1:" + port + "/"), res -> seen.add("response"));
            request.setTimeout(50);
            request.on(ClientRequest.TIMEOUT, () -> {
                seen.add("timeout");
                request.destroy();
            });
            request.onError(error -> seen.add(error.getMessage()));
            request.end();
        });
        assertEquals(List.of("timeout", "socket hang up"), seen);
    }

    /** A request that asks Expect: 100-continue still frames the body it writes. */
    @Test
    void aBodyAfterExpectContinueIsFramed() {
        List<String> seen = new ArrayList<>();
        withServer((req, res) -> readAll(req, body -> res.end("got " + body)), port -> {
            ClientRequest request = Http.request(io, RequestOptions.of("http://127.0.0.1:" + port + "/").withMethod("POST")
                    .withHeader("Expect", "100-continue"), res -> readAll(res, seen::add));
            request.on(ClientRequest.INFORMATION, info -> seen.add("continue " + info.statusCode()));
            request.write("abc");
            request.write("def");
            request.end();
        });
        assertEquals(List.of("continue 100", "got abcdef"), seen);
    }

    /** 100 Continue (or 103) is an interim response: the request's response is the final one. */
    @Test
    void anInterimResponseIsInformationNotTheResponse() {
        List<String> seen = new ArrayList<>();
        withRawServer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                port -> {
                    ClientRequest request = Http.request(io, RequestOptions.of("http://127.0.0.1:" + port + "/"), res -> {
                        seen.add("response " + res.statusCode());
                        readAll(res, seen::add);
                    });
                    request.on(ClientRequest.INFORMATION, info -> seen.add("information " + info.statusCode()));
                    request.end();
                });
        assertEquals(List.of("information 100", "response 200", "ok"), seen);
    }

    /** A body that came whole before the server's close is delivered whole to a reader that comes late. */
    @Test
    void aWholeBodyBeforeTheCloseIsDeliveredToALateReader() {
        String body = "b".repeat(20_000);
        int[] length = {0};
        boolean[] ended = {false};
        withRawServer("HTTP/1.1 200 OK\r\nContent-Length: 20000\r\nConnection: close\r\n\r\n" + body,
                port -> Http.get(io, "http://127.0.0.1:" + port + "/", res -> loop.setTimeout(() -> res
                        .onData(chunk -> length[0] += chunk.remaining())
                        .onEnd(() -> ended[0] = true), 30)));
        assertEquals(20_000, length[0]);
        assertTrue(ended[0]);
    }

    /** A body delimited by the close ends there, and its connection is not kept. */
    @Test
    void aBodyEndedByTheCloseIsNotReused() {
        List<String> seen = new ArrayList<>();
        withRawServer("HTTP/1.1 200 OK\r\n\r\nuntil the end",
                port -> Http.get(io, "http://127.0.0.1:" + port + "/", res -> readAll(res, seen::add)));
        assertEquals(List.of("until the end"), seen);
        assertEquals(0, Http.globalAgent(io).idleConnections());
    }

    /** Destroying a response read to its end does not touch the next request on its connection. */
    @Test
    void destroyingAFinishedResponseLeavesTheConnectionAlone() {
        List<String> seen = new ArrayList<>();
        withServer((req, res) -> res.end(req.url()), port -> Http.get(io, "http://127.0.0.1:" + port + "/1",
                first -> readAll(first, body -> {
                    seen.add(body);
                    Http.get(io, "http://127.0.0.1:" + port + "/2", second -> readAll(second, seen::add));
                    first.destroy(); // late, on a response long over
                })));
        assertEquals(List.of("/1", "/2"), seen);
    }

    /** A listener that throws is the loop's uncaught exception, as in Node. */
    @Test
    void aResponseListenerThatThrowsReachesTheLoop() {
        IllegalStateException boom = new IllegalStateException("boom");
        dev.loop.api.LoopException thrown = assertThrows(dev.loop.api.LoopException.class,
                () -> withServer((req, res) -> res.end("x"), port -> Http.get(io, "http://127.0.0.1:" + port + "/", res -> {
                    throw boom;
                })));
        assertEquals(boom, thrown.getCause());
    }

    /** The socket event comes after the call, so a listener added right after it hears it. */
    @Test
    void theSocketEventComesAfterTheCall() {
        boolean[] heard = {false};
        withServer((req, res) -> res.end(), port -> Http.get(io, "http://127.0.0.1:" + port + "/", res -> res.onData(c -> { }))
                .on(ClientRequest.SOCKET, socket -> heard[0] = true));
        assertTrue(heard[0]);
    }

    @Test
    void badOptionsAreRefusedWithNodesCodes() {
        assertThrows(IllegalArgumentException.class,
                () -> RequestOptions.of("http://example.com/").withMethod("GET / HTTP/1.1\r\nX: y"));
        assertThrows(IllegalArgumentException.class, () -> RequestOptions.of("https://example.com/"));
        assertThrows(IllegalArgumentException.class,
                () -> RequestOptions.of("http://example.com/").withMethod("GET").withHeader("X", "a\nb").headers()
                        .forEach((k, v) -> { }));
        assertThrows(IllegalArgumentException.class, () -> new RequestOptions("GET", "h", 80, "/a b",
                java.util.Map.of(), null, null));
    }
}
