package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import dev.loop.io.HostResolver;
import dev.loop.io.Io;
import dev.loop.io.IoOptions;
import dev.loop.io.Server;
import dev.loop.io.Socket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The active-resources part of the backend conformance suite: a backend's tests extend this class
 * and name the backend. {@code EventLoop.activeResources()} must name what the backend keeps the
 * loop alive for, by the kinds of {@link dev.loop.io.spi.IoResourceKinds}: a listening server
 * ({@code TCPServer}), a connect under way ({@code TCPConnect}), connections reading
 * ({@code TCPSocket}), a write the peer does not read ({@code TCPWrite}) and the shutdown behind it
 * ({@code TCPShutdown}), a file read ({@code FSReqCallback}); and, through the loop's work pool,
 * offloaded work ({@code Work}) and a host name lookup ({@code DNSLookup}).
 *
 * <p>The rule it checks: a request counts from the call that starts it until its completion has
 * been delivered, even one that finished at once (a connect to loopback, a write the kernel took
 * whole); a {@code readFile} counts as one request until it resolves.
 */
@org.junit.jupiter.api.Timeout(30)
public abstract class ActiveResourcesConformance {

    private static final String HOST = "127.0.0.1";

    /** For subclasses, which name the backend. */
    protected ActiveResourcesConformance() {
    }

    /**
     * The backend under test.
     *
     * @return its name, as {@link IoOptions#withBackend} takes it
     */
    protected abstract String backend();

    /** Runs {@code entry} on a new loop with the backend under test, to the loop's end. */
    private void runWithIo(BiConsumer<Io, EventLoop> entry) {
        try (Io io = Io.create(IoOptions.defaults().withBackend(backend()))) {
            EventLoop loop = io.loop();
            loop.run(() -> entry.accept(io, loop));
        }
    }

    /** What the loop reported at each named moment, in order. */
    private final Map<String, Map<String, Integer>> seen = new LinkedHashMap<>();

    private void look(EventLoop loop, String moment) {
        seen.put(moment, loop.activeResources());
    }

    /** A listening server, a client connecting, then both ends of the connection reading. */
    @Test
    public void aListeningServerAConnectingClientAndReadingSockets() {
        runWithIo((io, loop) -> {
            Server[] server = new Server[1];
            Socket[] client = new Socket[1];
            int[] ends = new int[1];
            Runnable bothEndsUp = () -> { // the server's connection handler and the client's connect, in either order
                if (++ends[0] == 2) {
                    loop.setImmediate(() -> { // as Node's, a socket starts reading just after its connect event
                        look(loop, "connected");
                        client[0].end();
                    });
                }
            };
            server[0] = io.net().createServer(accepted -> {
                accepted.onData(data -> { }).onEnd(() -> {
                    accepted.end();
                    server[0].close();
                });
                bothEndsUp.run();
            });
            server[0].listen(0, HOST).thenAccept(address -> {
                look(loop, "listening");
                client[0] = io.net().connect(address.getPort(), HOST);
                look(loop, "connecting");
                client[0].onConnect(bothEndsUp).onData(data -> { });
            });
        });
        assertEquals(Map.of("TCPServer", 1), seen.get("listening"));
        assertEquals(Map.of("TCPServer", 1, "TCPConnect", 1), seen.get("connecting"));
        assertEquals(Map.of("TCPServer", 1, "TCPSocket", 2), seen.get("connected"),
                "the server accepts, and both ends read");
    }

    /** A write far larger than the socket buffers, to a peer that does not read, and the shutdown behind it. */
    @Test
    public void aWriteThePeerDoesNotReadAndTheShutdownBehindIt() {
        runWithIo((io, loop) -> {
            Server[] server = new Server[1];
            server[0] = io.net().createServer(accepted -> {
                server[0].close(); // it accepted its one connection
                accepted.pause(); // reads nothing until the writer has been looked at
                accepted.onData(data -> { }).onEnd(() -> accepted.end());
                loop.setTimeout(accepted::resume, 50);
            });
            server[0].listen(0, HOST).thenAccept(address -> {
                Socket client = io.net().connect(address.getPort(), HOST);
                client.onConnect(() -> {
                    client.write(ByteBuffer.allocate(64 << 20)); // counted until its completion, however much the kernel takes at once
                    client.end();
                    look(loop, "writing");
                }).onData(data -> { });
            });
        });
        Map<String, Integer> writing = seen.get("writing");
        assertEquals(1, writing.get("TCPWrite"), writing.toString());
        assertEquals(1, writing.get("TCPShutdown"), writing.toString());
    }

    /**
     * A file read in flight, then none.
     *
     * @param dir where the file is made
     * @throws Exception if the file cannot be written
     */
    @Test
    public void aFileReadInFlight(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("data"), new byte[1024]);
        runWithIo((io, loop) -> {
            io.fs().readFile(file).thenAccept(bytes -> look(loop, "read"));
            look(loop, "reading");
        });
        assertEquals(Map.of("FSReqCallback", 1), seen.get("reading"));
        assertEquals(Map.of(), seen.get("read"));
    }

    /** Work on the loop's pool. */
    @Test
    public void workOnThePool() {
        CountDownLatch release = new CountDownLatch(1);
        runWithIo((io, loop) -> {
            io.work().offload(() -> {
                release.await();
                return 1;
            });
            look(loop, "working");
            release.countDown();
        });
        assertEquals(Map.of("Work", 1), seen.get("working"));
    }

    /** A host name lookup the resolver has not answered yet. */
    @Test
    public void aHostNameLookup() {
        CountDownLatch release = new CountDownLatch(1);
        HostResolver slow = host -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(InetAddress.getLoopbackAddress());
        };
        try (Io io = Io.create(IoOptions.defaults().withBackend(backend()).withHostResolver(slow))) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                Socket client = io.net().connect(1, "db.internal");
                client.onError(e -> { }).onConnect(client::destroy); // refused once resolved (or, if port 1 listens, closed)
                look(loop, "looking up");
                release.countDown();
            });
        }
        assertEquals(Map.of("DNSLookup", 1), seen.get("looking up"));
    }
}
