package dev.loop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.io.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Node's server timeouts, on loop timers: keepAliveTimeout ends an idle keep-alive connection;
 * headersTimeout and requestTimeout answer 408 and end a connection whose request is too slow.
 * (On real time with short durations: each test checks only that the connection ended, after at
 * least the timeout, never how late.)
 */
@org.junit.jupiter.api.Timeout(30)
class HttpTimeoutsTest extends HttpTestFixture {


    /** Sends {@code request} and waits (never ending) until the server ends the connection. */
    private Result slowClient(HttpServerOptions options, String request) {
        StringBuilder received = new StringBuilder();
        long[] elapsed = {-1};
        loop.run(() -> {
            HttpServer server = Http.createServer(io, options, (req, res) -> {
                if (req.url().equals("/answer")) {
                    res.end("ok");
                }
            });
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = io.net().connect(address.getPort(), HOST);
                client.setAllowHalfOpen(true);
                long start = System.nanoTime();
                var guard = loop.setTimeout(() -> {
                    client.destroy();
                    server.closeAllConnections();
                }, 10_000);
                client.onConnect(() -> client.write(request.getBytes(StandardCharsets.ISO_8859_1)))
                        .onData(chunk -> received.append(StandardCharsets.ISO_8859_1.decode(chunk)))
                        .onEnd(() -> {
                            elapsed[0] = (System.nanoTime() - start) / 1_000_000;
                            client.end();
                        })
                        .onClose(hadError -> {
                            if (elapsed[0] < 0) {
                                elapsed[0] = (System.nanoTime() - start) / 1_000_000;
                            }
                            guard.close();
                            server.close();
                        });
            });
        });
        return new Result(received.toString(), elapsed[0]);
    }

    private record Result(String received, long millis) {
    }

    private static HttpServerOptions quick() {
        return HttpServerOptions.defaults()
                .withKeepAliveTimeout(Duration.ofMillis(100))
                .withHeadersTimeout(Duration.ofMillis(200))
                .withRequestTimeout(Duration.ofMillis(400));
    }

    @Test
    void anIdleKeepAliveConnectionEndsAfterKeepAliveTimeout() {
        Result result = slowClient(quick(), "GET /answer HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(result.received().startsWith("HTTP/1.1 200 OK\r\n"), result.received());
        assertTrue(result.millis() >= 100 && result.millis() < 9_000, "ended after " + result.millis() + " ms");
    }

    @Test
    void headersThatDoNotArriveInTimeAreAnswered408() {
        Result result = slowClient(quick(), "GET /answer HTTP/1.1\r\nHost: a\r\nX-Slow: ");
        assertTrue(result.received().startsWith("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"), result.received());
        assertTrue(result.millis() >= 200 && result.millis() < 9_000, "ended after " + result.millis() + " ms");
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIsAnswered408() {
        Result result = slowClient(quick(), "POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
        assertTrue(result.received().startsWith("HTTP/1.1 408 Request Timeout\r\n"), result.received());
        assertTrue(result.millis() >= 400 && result.millis() < 9_000, "ended after " + result.millis() + " ms");
    }

    @Test
    void aConnectionThatSendsNothingEndsAfterHeadersTimeout() {
        Result result = slowClient(quick(), "");
        assertTrue(result.millis() >= 200 && result.millis() < 9_000, "ended after " + result.millis() + " ms");
    }

    @Test
    void zeroTurnsATimeoutOffAndNodesRuleBetweenThemHolds() {
        HttpServerOptions off = HttpServerOptions.defaults().withKeepAliveTimeout(Duration.ZERO);
        assertEquals(Duration.ZERO, off.keepAliveTimeout());
        assertEquals(Duration.ofSeconds(5), HttpServerOptions.defaults().keepAliveTimeout());
        assertEquals(Duration.ofSeconds(60), HttpServerOptions.defaults().headersTimeout());
        assertEquals(Duration.ofSeconds(300), HttpServerOptions.defaults().requestTimeout());
        assertThrows(IllegalArgumentException.class, () -> HttpServerOptions.defaults()
                .withHeadersTimeout(Duration.ofSeconds(10)).withRequestTimeout(Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> HttpServerOptions.defaults().withKeepAliveTimeout(Duration.ofMillis(-1)));
    }
}
