package dev.loop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.io.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Node's http server on Jetty's codec, seen from a raw client on the same loop. */
@org.junit.jupiter.api.Timeout(60)
class HttpServerTest extends HttpTestFixture {


    /**
     * Sends {@code pieces} a millisecond apart (so that the server reads them apart), then ends
     * unless told not to, and returns what the server sent until the connection closed.
     */
    private String exchange(RequestListener handler, boolean endAfterSending, String... pieces) {
        return exchange(HttpServerOptions.defaults(), server -> { }, handler, endAfterSending, pieces);
    }

    private String exchange(HttpServerOptions options, java.util.function.Consumer<HttpServer> setUp, RequestListener handler,
            boolean endAfterSending, String... pieces) {
        StringBuilder received = new StringBuilder();
        boolean[] stuck = {false};
        loop.run(() -> {
            HttpServer server = Http.createServer(io, options, handler);
            setUp.accept(server);
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = io.net().connect(address.getPort(), HOST);
                client.setAllowHalfOpen(true); // it ends only after the server's end, as a patient client does
                var guard = loop.setTimeout(() -> {
                    stuck[0] = true;
                    client.destroy();
                    server.closeAllConnections();
                }, 10_000);
                client.onConnect(() -> send(client, pieces, 0, endAfterSending))
                        .onData(chunk -> received.append(StandardCharsets.ISO_8859_1.decode(chunk)))
                        .onEnd(client::end)
                        .onClose(hadError -> {
                            guard.close();
                            server.close();
                        });
            });
        });
        assertFalse(stuck[0], "the exchange hung; received so far: " + received);
        return received.toString();
    }

    private String exchange(RequestListener handler, String... pieces) {
        return exchange(handler, true, pieces);
    }

    private void send(Socket client, String[] pieces, int next, boolean end) {
        client.write(pieces[next].getBytes(StandardCharsets.ISO_8859_1));
        if (next + 1 < pieces.length) {
            loop.setTimeout(() -> send(client, pieces, next + 1, end), 1);
        } else if (end) {
            client.end();
        }
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void aGetIsAnsweredWithItsLength() {
        String response = exchange((req, res) -> res.end("hi " + req.method() + " " + req.url()),
                "GET /hello?x=1 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), "[" + response + "]");
        assertTrue(response.contains("Content-Length: 17\r\n"), response);
        assertTrue(response.contains("Date: "), response);
        assertEquals("hi GET /hello?x=1", body(response));
    }

    @Test
    void headersAreLowerCasedAndRawHeadersKeptInOrder() {
        List<Object> seen = new ArrayList<>();
        exchange((req, res) -> {
            seen.add(req.headers());
            seen.add(req.rawHeaders());
            seen.add(req.httpVersion());
            res.end();
        }, "GET / HTTP/1.1\r\nHost: a\r\nX-Thing: 1\r\nx-thing: 2\r\nAccept: */*\r\n\r\n");
        assertEquals(Map.of("host", "a", "x-thing", "1, 2", "accept", "*/*"), seen.get(0));
        assertEquals(List.of("Host", "a", "X-Thing", "1", "x-thing", "2", "Accept", "*/*"), seen.get(1));
        assertEquals("1.1", seen.get(2));
    }

    @Test
    void aContentLengthBodyIsReadAndEchoed() {
        boolean[] plainArrays = {true};
        String response = exchange((req, res) -> {
            StringBuilder body = new StringBuilder();
            req.onData(chunk -> {
                plainArrays[0] &= chunk.hasArray() && !chunk.isReadOnly(); // a buffer like any other, as Node's Buffer
                body.append(StandardCharsets.UTF_8.decode(chunk));
            }).onEnd(() -> res.end("got " + body));
        }, "POST /jobs HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", "hello", " world");
        assertEquals("got hello world", body(response));
        assertTrue(plainArrays[0], "a chunk was read-only or had no array");
    }

    @Test
    void aChunkedBodyInAndAChunkedResponseOut() {
        String response = exchange((req, res) -> {
            StringBuilder body = new StringBuilder();
            req.onData(chunk -> body.append(StandardCharsets.UTF_8.decode(chunk))).onEnd(() -> {
                res.setHeader("Content-Type", "text/plain");
                res.write(body.toString());
                res.write("!");
                res.end();
            });
        }, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n", "6\r\n world\r\n0\r\n\r\n");
        assertTrue(response.contains("Transfer-Encoding: chunked\r\n"), response);
        assertTrue(response.contains("Content-Type: text/plain\r\n"), response);
        assertEquals("B\r\nhello world\r\n1\r\n!\r\n0\r\n\r\n", body(response));
    }

    /** Pipelined requests are answered in order, however late each handler answers. */
    @Test
    void pipelinedResponsesGoOutInRequestOrder() {
        List<String> handled = new ArrayList<>();
        String response = exchange((req, res) -> {
            handled.add(req.url());
            long delay = switch (req.url()) {
                case "/1" -> 30;
                case "/3" -> 10;
                default -> 0;
            };
            if (delay == 0) {
                res.end("answer " + req.url());
            } else {
                loop.setTimeout(() -> res.end("answer " + req.url()), delay);
            }
        }, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(List.of("/1", "/2", "/3"), handled);
        int first = response.indexOf("answer /1");
        int second = response.indexOf("answer /2");
        int third = response.indexOf("answer /3");
        assertTrue(first > 0 && first < second && second < third, response);
    }

    /** A body and a second request, split in two at every byte: parsed the same each time. */
    @Test
    void everySplitPointParsesTheSame() {
        String whole = "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                + "GET /b?q=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nxy";
        for (int split = 1; split < whole.length(); split++) {
            List<String> seen = new ArrayList<>();
            String response = exchange((req, res) -> {
                StringBuilder body = new StringBuilder();
                req.onData(chunk -> body.append(StandardCharsets.UTF_8.decode(chunk)))
                   .onEnd(() -> {
                       seen.add(req.method() + " " + req.url() + " " + body);
                       res.end("ok");
                   });
            }, whole.substring(0, split), whole.substring(split));
            assertEquals(List.of("POST /a abcde", "GET /b?q=1 xy"), seen, "split at " + split);
            assertEquals(2, response.split("HTTP/1.1 200 OK", -1).length - 1, "split at " + split + ": " + response);
        }
    }

    /** Request smuggling and malformed requests: 400 (431 for huge headers), Connection: close, no handler. */
    @Test
    void malformedRequestsAreRefusedAndTheConnectionEnds() {
        String[] bad = {
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, xchunked\r\n\r\n0\r\n\r\n",
            "GET / HTTP/1.1\nHost: a\n\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: a\r\n b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
            "GET /\u0001 HTTP/1.1\r\nHost: a\r\n\r\n",
            "G@T / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/9.9\r\nHost: a\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\nab",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5x\r\n\r\nabcde",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            "GET / HTTP/1.1\rHost: a\r\n\r\n",
        };
        for (String request : bad) {
            boolean[] handled = {false};
            String response = exchange((req, res) -> {
                handled[0] = true;
                res.end();
            }, false, request);
            assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"),
                    request.replace("\r", "\\r").replace("\n", "\\n") + " -> " + response);
            assertFalse(handled[0], request);
        }
        String huge = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n";
        assertTrue(exchange((req, res) -> res.end(), false, huge)
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
    }

    /** A body that turns bad after the request was emitted: the request errors, and the answer is 400. */
    @Test
    void aMalformedBodyFailsTheRequestAndIsAnswered400() {
        List<String> seen = new ArrayList<>();
        String response = exchange((req, res) -> req
                .onData(chunk -> seen.add("data"))
                .onEnd(() -> res.end("never"))
                .on(IncomingMessage.ERROR, error -> seen.add("error " + ((dev.loop.io.ErrnoException) error).code())),
                false, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
        assertEquals(List.of("error HPE_INVALID_CHUNK_SIZE"), seen);
        assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
    }

    /** Expect: 100-continue: with no checkContinue listener the server says 100 Continue, then answers. */
    @Test
    void aContinueIsSentBeforeTheRequestIsHandled() {
        String response = exchange((req, res) -> {
            StringBuilder body = new StringBuilder();
            req.onData(chunk -> body.append(StandardCharsets.UTF_8.decode(chunk))).onEnd(() -> res.end("got " + body));
        }, "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n", "data");
        assertTrue(response.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), response);
        assertEquals("got data", body(response.substring("HTTP/1.1 100 Continue\r\n\r\n".length())));
    }

    /** A checkContinue listener may refuse the body; the request event never comes. */
    @Test
    void aCheckContinueListenerDecides() {
        StringBuilder received = new StringBuilder();
        boolean[] requested = {false};
        loop.run(() -> {
            HttpServer server = Http.createServer(io, (req, res) -> requested[0] = true);
            server.on(HttpServer.CHECK_CONTINUE, exchange -> {
                exchange.response().setStatusCode(417);
                exchange.response().setHeader("Connection", "close");
                exchange.response().end();
            });
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = io.net().connect(address.getPort(), HOST);
                client.onConnect(() -> client.write("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1)))
                        .onData(chunk -> received.append(StandardCharsets.ISO_8859_1.decode(chunk)))
                        .onClose(hadError -> server.close());
            });
        });
        assertTrue(received.toString().startsWith("HTTP/1.1 417 Expectation Failed\r\n"), received.toString());
        assertFalse(requested[0]);
    }

    /** maxHeadersCount: headers past it are dropped from what the handler sees, as Node drops them. */
    @Test
    void headersPastMaxHeadersCountAreDropped() {
        List<Object> seen = new ArrayList<>();
        loop.run(() -> {
            HttpServer server = Http.createServer(io, HttpServerOptions.defaults().withMaxHeadersCount(2), (req, res) -> {
                seen.add(req.rawHeaders());
                res.end();
            });
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = io.net().connect(address.getPort(), HOST);
                client.onConnect(() -> client.write("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1))).onData(chunk -> {
                            client.end();
                            server.close();
                        });
            });
        });
        assertEquals(List.of(List.of("Host", "a", "A", "1")), seen);
    }

    /** Trailers both ways: a chunked request's trailers after its end, and a response's after its last chunk. */
    @Test
    void trailersComeAfterTheBody() {
        List<Object> seen = new ArrayList<>();
        String response = exchange((req, res) -> req.onData(chunk -> { }).onEnd(() -> {
            seen.add(req.trailers());
            res.setHeader("Trailer", "X-Checksum");
            res.write("body");
            res.addTrailers(Map.of("X-Checksum", "abc123"));
            res.end();
        }), "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-Sent-At: 12\r\n\r\n");
        assertEquals(List.of(Map.of("x-sent-at", "12")), seen);
        assertTrue(body(response).endsWith("0\r\nX-Checksum: abc123\r\n\r\n"), response);
    }

    @Test
    void aHeadResponseHasHeadersAndNoBody() {
        String response = exchange((req, res) -> {
            res.setHeader("Content-Length", "5");
            res.end("hello");
        }, "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(response.contains("Content-Length: 5\r\n"), response);
        assertEquals("", body(response));
    }

    /** Connection: close from the client, or HTTP/1.0: the server ends the connection after the response. */
    @Test
    void theServerEndsANonPersistentConnectionItself() {
        assertEquals("bye", body(exchange((req, res) -> res.end("bye"), false,
                "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")));
        assertEquals("old", body(exchange((req, res) -> res.end("old"), false, "GET / HTTP/1.0\r\n\r\n")));
    }

    @Test
    void aKeepAliveConnectionServesSeveralRequests() {
        String response = exchange((req, res) -> res.end(req.url()),
                "GET /one HTTP/1.1\r\nHost: a\r\n\r\n", "GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(response.indexOf("/one") < response.indexOf("/two") && response.contains("/two"), response);
    }

    /** Node's keep-alive headers: the connection, and the idle time the server will wait. */
    @Test
    void aKeptConnectionSaysSoAsNodeDoes() {
        String response = exchange((req, res) -> res.setHeader("Content-Length", "2").end("ok"),
                "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        String[] responses = response.split("(?=HTTP/1\\.)");
        assertEquals(3, responses.length, response);
        for (int i = 0; i < 2; i++) {
            assertTrue(responses[i].contains("\r\nConnection: keep-alive\r\n") && responses[i].contains("\r\nKeep-Alive: timeout=5\r\n")
                    && responses[i].indexOf("Connection:") == responses[i].lastIndexOf("Connection:"), responses[i]);
        }
        assertTrue(responses[2].contains("\r\nConnection: close\r\n") && !responses[2].contains("Keep-Alive"), responses[2]);
    }

    /**
     * Node's maxRequestsPerSocket: the last allowed response says Connection: close (and the
     * connection stays open); later requests get 503 and a dropRequest event, never the handler.
     */
    @Test
    void requestsPastMaxRequestsPerSocketAreAnswered503() {
        List<String> handled = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        String response = exchange(HttpServerOptions.defaults().withMaxRequestsPerSocket(2),
                server -> server.on(HttpServer.DROP_REQUEST, req -> dropped.add(req.url())),
                (req, res) -> {
                    handled.add(req.url());
                    res.end(req.url());
                }, true,
                "GET /one HTTP/1.1\r\nHost: a\r\n\r\n", "GET /two HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /three HTTP/1.1\r\nHost: a\r\n\r\n", "GET /four HTTP/1.1\r\nHost: a\r\n\r\n");
        String[] responses = response.split("(?=HTTP/1\\.1 )");
        assertEquals(4, responses.length, response);
        assertTrue(responses[0].startsWith("HTTP/1.1 200 OK\r\n")
                && responses[0].contains("\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=2\r\n"), responses[0]);
        assertTrue(responses[1].startsWith("HTTP/1.1 200 OK\r\n") && responses[1].contains("\r\nConnection: close\r\n")
                && responses[1].endsWith("/two"), responses[1]);
        for (int i = 2; i < 4; i++) {
            assertTrue(responses[i].startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                    && responses[i].contains("\r\nConnection: close\r\n"), responses[i]);
        }
        assertEquals(List.of("/one", "/two"), handled);
        assertEquals(List.of("/three", "/four"), dropped);
        assertThrows(IllegalArgumentException.class, () -> HttpServerOptions.defaults().withMaxRequestsPerSocket(-1));
    }

    /** No upgrade support yet: an Upgrade request is an ordinary request, as Node treats one with no upgrade listener. */
    @Test
    void anUpgradeRequestIsAnsweredAsAnOrdinaryOne() {
        String response = exchange((req, res) -> res.end(req.header("upgrade")),
                "GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n") && body(response).equals("websocket"), response);
    }

    /** No tunnels yet: a CONNECT closes the connection unanswered, as Node's server does with no 'connect' listener. */
    @Test
    void aConnectRequestClosesTheConnection() {
        List<String> handled = new ArrayList<>();
        String response = exchange((req, res) -> handled.add(req.method()),
                "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
        assertEquals("", response);
        assertEquals(List.of(), handled);
    }

    @Test
    void headersAreCheckedAsNodeChecksThem() {
        exchange((req, res) -> {
            assertThrows(IllegalArgumentException.class, () -> res.setHeader("Bad Name", "v"));
            assertThrows(IllegalArgumentException.class, () -> res.setHeader("X", "a\r\nInjected: 1"));
            assertThrows(IllegalArgumentException.class, () -> res.setStatusCode(99));
            assertThrows(IllegalArgumentException.class, () -> res.setStatusCode(101));
            res.writeHead(201);
            assertTrue(res.headersSent());
            assertThrows(IllegalStateException.class, () -> res.setHeader("Late", "1"));
            res.end();
        }, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    /** A handler that throws is an uncaught exception of the loop, as in Node, not a bad request. */
    @Test
    void aHandlerThatThrowsReachesTheLoop() {
        IllegalStateException boom = new IllegalStateException("boom");
        dev.loop.api.LoopException thrown = org.junit.jupiter.api.Assertions.assertThrows(dev.loop.api.LoopException.class,
                () -> exchange((req, res) -> {
                    throw boom;
                }, "GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(boom, thrown.getCause());
    }

    /** A body taken whole in one read, past the 16 KiB mark, before anyone reads it: it still ends. */
    @Test
    void aBodyReadLateStillEnds() {
        String body = "x".repeat(20_000);
        String response = exchange((req, res) -> loop.setTimeout(() -> {
            int[] length = {0};
            req.onData(chunk -> length[0] += chunk.remaining()).onEnd(() -> res.end("read " + length[0]));
        }, 10), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 20000\r\n\r\n" + body);
        assertEquals("read 20000", body(response));
    }

    /** HEAD and 204 carry no body, not even chunk framing: the next pipelined response is intact. */
    @Test
    void noBodyResponsesSendNoFraming() {
        String response = exchange((req, res) -> {
            switch (req.url()) {
                case "/head" -> {
                    res.write("x");
                    res.end();
                }
                case "/empty" -> {
                    res.setStatusCode(204);
                    res.end("ignored");
                }
                default -> res.end("last");
            }
        }, "HEAD /head HTTP/1.1\r\nHost: a\r\n\r\nGET /empty HTTP/1.1\r\nHost: a\r\n\r\nGET /last HTTP/1.1\r\nHost: a\r\n\r\n");
        String[] parts = response.split("HTTP/1.1 ");
        assertEquals(4, parts.length, response);
        assertTrue(parts[1].startsWith("200 OK") && parts[1].endsWith("\r\n\r\n"), response);
        assertTrue(parts[2].startsWith("204 No Content") && parts[2].endsWith("\r\n\r\n"), response);
        assertTrue(parts[3].startsWith("200 OK") && parts[3].endsWith("\r\n\r\nlast"), response);
    }

    /** A refusal with Connection: close ends the connection without waiting for the body. */
    @Test
    void aClosingRefusalDoesNotWaitForTheBody() {
        String response = exchange((req, res) -> {
            res.setStatusCode(413);
            res.setHeader("Connection", "close");
            res.end();
        }, false, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nonly a little");
        assertTrue(response.startsWith("HTTP/1.1 413 Payload Too Large\r\n"), response);
    }

    /** A client that ends with half a request after a pending one: answered, then the connection ends. */
    @Test
    void leftoverBytesAfterTheClientsEndDoNotHang() {
        String response = exchange((req, res) -> loop.setTimeout(() -> res.end("answer " + req.url()), 10),
                "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHo");
        assertTrue(response.contains("answer /1"), response);
    }

    @Test
    void requestDestroyDestroysTheConnection() {
        assertEquals("", exchange((req, res) -> req.destroy(), false,
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"));
    }

    /** A body longer than its Content-Length is refused; a shorter one closes the connection after it. */
    @Test
    void aContentLengthMismatchIsCaught() {
        List<String> errors = new ArrayList<>();
        exchange((req, res) -> {
            res.setHeader("Content-Length", "3");
            res.onError(error -> errors.add(((dev.loop.io.ErrnoException) error).code()));
            res.write("hello");
            res.destroy();
        }, false, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(List.of("ERR_HTTP_CONTENT_LENGTH_MISMATCH"), errors);
        String shortBody = exchange((req, res) -> {
            res.setHeader("Content-Length", "10");
            res.end("hello");
        }, false, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("hello", body(shortBody), "the connection closed after the short body");
    }

    /** finish comes after the call that ended the response, so a listener added right after hears it. */
    @Test
    void finishAndCloseFollowTheEnd() {
        List<String> events = new ArrayList<>();
        exchange((req, res) -> {
            res.end("x");
            res.onFinish(() -> events.add("finish")).onClose(() -> events.add("close"));
        }, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(List.of("finish", "close"), events);
    }

    private static void assertThrows(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable call) {
        org.junit.jupiter.api.Assertions.assertThrows(type, call);
    }

    @Test
    void aResponseBodyWrittenInPiecesAndTheDrainEvent() {
        byte[] big = new byte[1 << 20];
        String response = exchange((req, res) -> {
            res.setHeader("Content-Length", String.valueOf(big.length));
            boolean more = res.write(ByteBuffer.wrap(big));
            assertFalse(more, "1 MiB at once exceeds the socket's mark");
            res.on(ServerResponse.DRAIN, () -> res.end());
        }, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(big.length, body(response).length());
    }
}
