package dev.loop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.io.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Back pressure from a slow handler to a fast uploader, and a server closed with a request in flight. */
@org.junit.jupiter.api.Timeout(60)
class HttpLoadTest extends HttpTestFixture {


    /**
     * 16 MiB uploaded as fast as the socket takes it, read by a handler that pauses after every
     * chunk: every byte arrives, and what the server holds for the request stays bounded (the
     * body's queue and the connection's unparsed bytes), however far the client is ahead.
     */
    @Test
    void aSlowReaderHoldsAFastUploaderBack() {
        long size = 16L << 20;
        long[] received = {0};
        long[] mostHeld = {0};
        String[] answer = {""};
        loop.run(() -> {
            HttpServer[] server = new HttpServer[1];
            server[0] = Http.createServer(io, (req, res) -> req.onData(chunk -> {
                received[0] += chunk.remaining();
                long held = req.waitingBytes() + server[0].connections().stream().mapToLong(HttpConnection::bufferedInput).sum();
                mostHeld[0] = Math.max(mostHeld[0], held);
                req.pause();
                loop.setTimeout(req::resume, 2); // a reader much slower than the wire
            }).onEnd(() -> res.end("got " + received[0])));
            server[0].listen(0, HOST).thenAccept(address -> {
                Socket client = io.net().connect(address.getPort(), HOST);
                long[] sent = {0};
                ByteBuffer block = ByteBuffer.allocate(256 * 1024);
                Runnable[] pump = new Runnable[1];
                pump[0] = () -> {
                    while (sent[0] < size) {
                        sent[0] += block.capacity();
                        if (!client.write(block.duplicate())) {
                            return; // wait for drain
                        }
                    }
                };
                client.onConnect(() -> {
                    client.write(("PUT /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + size + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    pump[0].run();
                }).onDrain(pump[0]).onData(chunk -> {
                    answer[0] += StandardCharsets.UTF_8.decode(chunk);
                    if (answer[0].endsWith("got " + size)) {
                        client.end();
                        server[0].close();
                    }
                });
            });
        });
        assertEquals(size, received[0]);
        assertTrue(answer[0].endsWith("got " + size), answer[0]);
        // the body's 16 KiB mark, plus a chunk or two the socket read before it paused
        assertTrue(mostHeld[0] < 256 * 1024, "the server held " + mostHeld[0] + " bytes of one upload at once");
    }

    /** close() with a request in flight: the response still goes out whole, then the connection ends. */
    @Test
    void aServerClosedWithARequestInFlightFinishesIt() {
        StringBuilder received = new StringBuilder();
        boolean[] closed = {false};
        loop.run(() -> {
            HttpServer server = Http.createServer(io, (req, res) -> loop.setTimeout(() -> res.end("late but whole"), 50));
            server.on(HttpServer.REQUEST, exchange -> server.close().thenAccept(v -> closed[0] = true));
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = io.net().connect(address.getPort(), HOST);
                client.onConnect(() -> client.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                        .onData(chunk -> received.append(StandardCharsets.UTF_8.decode(chunk)));
            });
        });
        assertTrue(received.toString().startsWith("HTTP/1.1 200 OK\r\n"), received.toString());
        assertTrue(received.toString().contains("Connection: close\r\n"), received.toString());
        assertTrue(received.toString().endsWith("late but whole"), received.toString());
        assertTrue(closed[0], "close() settled once the connection ended");
    }
}
