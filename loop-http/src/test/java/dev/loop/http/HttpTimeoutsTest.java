package dev.loop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.io.Io;
import dev.loop.io.IoOptions;
import dev.loop.io.Socket;
import dev.loop.testkit.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Node's server timeouts with Node's defaults, on loop timers under the test kit's virtual time
 * over real sockets: keepAliveTimeout (5 s) ends an idle keep-alive connection; headersTimeout
 * (60 s) and requestTimeout (300 s) answer 408 and end a connection whose request is too slow.
 * Each ends at its timeout, at most one check (a second, for these) late, in virtual time; the
 * real time is a few quiet periods per virtual second.
 */
@org.junit.jupiter.api.Timeout(60)
class HttpTimeoutsTest {

    private static final String HOST = HttpTestFixture.HOST;
    /** How late a timeout may end its connection: the server checks every second for these. */
    private static final long CHECK_MILLIS = 1_000;

    /** Sends {@code request} and waits (never ending) until the server ends the connection. */
    private static Result slowClient(HttpServerOptions options, String request) {
        VirtualTime time = VirtualTime.create();
        StringBuilder received = new StringBuilder();
        long[] elapsed = {-1};
        try (Io io = Io.create(IoOptions.defaults().withLoop(time.applyTo(LoopOptions.defaults())))) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                HttpServer server = Http.createServer(io, options, (req, res) -> {
                    if (req.url().equals("/answer")) {
                        res.end("ok");
                    }
                });
                server.listen(0, HOST).thenAccept(address -> {
                    Socket client = io.net().connect(address.getPort(), HOST);
                    client.setAllowHalfOpen(true);
                    long start = loop.now();
                    var guard = loop.setTimeout(() -> {
                        client.destroy();
                        server.closeAllConnections();
                    }, 3_600_000);
                    client.onConnect(() -> client.write(request.getBytes(StandardCharsets.ISO_8859_1)))
                            .onData(chunk -> received.append(StandardCharsets.ISO_8859_1.decode(chunk)))
                            .onEnd(() -> {
                                elapsed[0] = loop.now() - start;
                                client.end();
                            })
                            .onClose(hadError -> {
                                if (elapsed[0] < 0) {
                                    elapsed[0] = loop.now() - start;
                                }
                                guard.close();
                                server.close();
                            });
                });
            });
        }
        return new Result(received.toString(), elapsed[0]);
    }

    private static void assertEndedAfter(long timeoutMillis, Result result) {
        assertTrue(result.millis() >= timeoutMillis && result.millis() <= timeoutMillis + CHECK_MILLIS,
                "ended after " + result.millis() + " virtual ms, the timeout is " + timeoutMillis);
    }

    private record Result(String received, long millis) {
    }

    @Test
    void anIdleKeepAliveConnectionEndsAfterKeepAliveTimeout() {
        Result result = slowClient(HttpServerOptions.defaults(), "GET /answer HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(result.received().startsWith("HTTP/1.1 200 OK\r\n"), result.received());
        assertEndedAfter(5_000, result);
    }

    @Test
    void headersThatDoNotArriveInTimeAreAnswered408() {
        Result result = slowClient(HttpServerOptions.defaults(), "GET /answer HTTP/1.1\r\nHost: a\r\nX-Slow: ");
        assertTrue(result.received().startsWith("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"), result.received());
        assertEndedAfter(60_000, result);
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIsAnswered408() {
        Result result = slowClient(HttpServerOptions.defaults(), "POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
        assertTrue(result.received().startsWith("HTTP/1.1 408 Request Timeout\r\n"), result.received());
        assertEndedAfter(300_000, result);
    }

    @Test
    void aConnectionThatSendsNothingEndsAfterHeadersTimeout() {
        Result result = slowClient(HttpServerOptions.defaults(), "");
        assertEndedAfter(60_000, result);
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
