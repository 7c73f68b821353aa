package dev.loop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import dev.loop.io.Socket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of keep-alive connections, each answered, then the server closed: every descriptor
 * is back. Clients and server share this process, so 4,000 connections hold 8,000 descriptors
 * (the 10,000 would pass this machine's limit of 20,000 with both ends here).
 */
@org.junit.jupiter.api.Timeout(120)
class ManyConnectionsTest {

    private static final int CONNECTIONS = 4_000;

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void thousandsOfKeepAliveConnectionsAreServedAndReleased() throws IOException {
        serve(10, new int[1], new int[1]); // first, what the JVM opens once for good (its NIO internals)
        long before = openDescriptors();
        int[] answered = {0};
        int[] peakConnections = {0};
        serve(CONNECTIONS, answered, peakConnections);
        assertEquals(CONNECTIONS, answered[0]);
        assertEquals(CONNECTIONS, peakConnections[0], "each connection was kept alive after its response");
        long after = openDescriptors();
        assertTrue(after <= before, "descriptors before " + before + ", after " + after);
    }

    private static void serve(int connections, int[] answered, int[] peakConnections) {
        try (Io io = Io.create()) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                HttpServer server = Http.createServer(io, (req, res) -> res.end("ok"));
                server.listen(0, "127.0.0.1").thenAccept(address -> {
                    List<Socket> clients = new ArrayList<>();
                    for (int i = 0; i < connections; i++) {
                        Socket client = io.net().connect(address.getPort(), "127.0.0.1");
                        clients.add(client);
                        client.onConnect(() -> client.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                                .onData(chunk -> {
                                    if (++answered[0] == connections) { // every one answered and still open
                                        peakConnections[0] = server.connectionCount();
                                        server.close();
                                    }
                                });
                    }
                });
            });
        }
    }
}
