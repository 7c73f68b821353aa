package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EventLoop.activeResources() names what I/O keeps a loop alive, one test per kind: TCPServer,
 * TCPSocket, TCPConnect, TCPWrite, TCPShutdown, FSReqCallback, Work and DNSLookup.
 */
@org.junit.jupiter.api.Timeout(30)
class ActiveResourcesIoTest {

    private static final String HOST = "127.0.0.1";

    /** What the loop reported at each named moment, in order. */
    private final Map<String, Map<String, Integer>> seen = new LinkedHashMap<>();

    private void look(EventLoop loop, String moment) {
        seen.put(moment, loop.activeResources());
    }

    @Test
    void aListeningServerAConnectingClientAndReadingSockets() {
        try (Io io = Io.create()) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                Server[] server = new Server[1];
                server[0] = io.net().createServer(accepted -> accepted.onData(data -> { }).onEnd(() -> {
                    accepted.end();
                    server[0].close();
                }));
                server[0].listen(0, HOST).thenAccept(address -> {
                    look(loop, "listening");
                    Socket client = io.net().connect(address.getPort(), HOST);
                    look(loop, "connecting");
                    client.onConnect(() -> loop.setTimeout(() -> {
                        look(loop, "connected");
                        client.end();
                    }, 20)).onData(data -> { });
                });
            });
        }
        assertEquals(Map.of("TCPServer", 1), seen.get("listening"));
        assertEquals(Map.of("TCPServer", 1, "TCPConnect", 1), seen.get("connecting"));
        assertEquals(Map.of("TCPServer", 1, "TCPSocket", 2), seen.get("connected"),
                "the server accepts, and both ends read (the timer that runs is not counted)");
    }

    @Test
    void aWriteThePeerDoesNotReadAndTheShutdownBehindIt() {
        try (Io io = Io.create()) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                Server server = io.net().createServer(accepted -> {
                    accepted.pause(); // reads nothing until the writer has been looked at
                    accepted.onData(data -> { }).onEnd(() -> accepted.end());
                    loop.setTimeout(accepted::resume, 50);
                });
                server.listen(0, HOST).thenAccept(address -> {
                    Socket client = io.net().connect(address.getPort(), HOST);
                    client.onConnect(() -> {
                        client.write(ByteBuffer.allocate(64 << 20)); // far more than the socket buffers take
                        client.end();
                        look(loop, "writing");
                        server.close();
                    }).onData(data -> { });
                });
            });
        }
        Map<String, Integer> writing = seen.get("writing");
        assertEquals(1, writing.get("TCPWrite"), writing.toString());
        assertEquals(1, writing.get("TCPShutdown"), writing.toString());
    }

    @Test
    void aFileReadInFlight(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("data"), new byte[1024]);
        try (Io io = Io.create()) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                io.fs().readFile(file).thenAccept(bytes -> look(loop, "read"));
                look(loop, "reading");
            });
        }
        assertEquals(Map.of("FSReqCallback", 1), seen.get("reading"));
        assertEquals(Map.of(), seen.get("read"));
    }

    @Test
    void workOnThePool() {
        CountDownLatch release = new CountDownLatch(1);
        try (Io io = Io.create()) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                io.work().offload(() -> {
                    release.await();
                    return 1;
                });
                look(loop, "working");
                release.countDown();
            });
        }
        assertEquals(Map.of("Work", 1), seen.get("working"));
    }

    @Test
    void aHostNameLookup() {
        CountDownLatch release = new CountDownLatch(1);
        HostResolver slow = host -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(InetAddress.getLoopbackAddress());
        };
        try (Io io = Io.create(IoOptions.defaults().withHostResolver(slow))) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                Socket client = io.net().connect(1, "db.internal");
                client.onError(e -> { }); // nobody listens on port 1: refused once resolved
                look(loop, "looking up");
                release.countDown();
            });
        }
        assertEquals(Map.of("DNSLookup", 1), seen.get("looking up"));
    }
}
