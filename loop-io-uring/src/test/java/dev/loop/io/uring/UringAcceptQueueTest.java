package dev.loop.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.io.Io;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.TcpConnection;
import dev.loop.io.spi.TcpIo;
import dev.loop.io.spi.TcpListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The multishot accept's back pressure. A multishot accept drains the kernel's backlog in one go,
 * so a burst is taken whole; but once 128 wait that nobody asked for, the accept is cancelled, and
 * the next burst stays in the kernel's backlog (holding no descriptor of ours) until an accept
 * asks again, which then takes every one, in turn.
 */
@org.junit.jupiter.api.Timeout(60)
class UringAcceptQueueTest {

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aListenerNobodyAsksStopsTakingConnectionsAndLaterTakesAllOfThem() throws Exception {
        int clients = 300;
        List<Socket> peers = new ArrayList<>();
        try (Io io = Io.create()) {
            TcpIo tcp = io.ioBackend().tcp();
            TcpListener[] listener = new TcpListener[1];
            io.loop().run(() -> tcp.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024,
                    Completion.of(server -> listener[0] = server, error -> { throw new AssertionError(error); })));
            // one accept arms the multishot; once it completes nobody asks again
            List<TcpConnection> accepted = new ArrayList<>();
            connect(peers, clients, listener[0]); // a first burst, waiting in the kernel's backlog
            // one accept arms the multishot, which takes the burst whole: one for the accept, the rest
            // queued past 128, and the multishot cancelled
            io.loop().run(() -> tcp.accept(listener[0], Completion.of(accepted::add, error -> { throw new AssertionError(error); })));
            settle(io);
            long afterFirst = openDescriptors();
            connect(peers, clients, listener[0]); // a second burst, which nobody asked for
            settle(io);
            long taken = openDescriptors() - afterFirst - clients; // the clients' own sockets aside
            assertEquals(0, taken, "the listener took connections of the second burst nobody asked for");
            // asking again takes every one
            io.loop().run(() -> acceptAll(tcp, listener[0], 2 * clients - accepted.size(), accepted));
            assertEquals(2 * clients, accepted.size());
            io.loop().run(() -> {
                for (TcpConnection connection : accepted) {
                    tcp.close(connection, Completion.ignoring());
                }
                tcp.close(listener[0], Completion.ignoring());
            });
        } finally {
            for (Socket peer : peers) {
                peer.close();
            }
        }
    }

    /** Connects {@code count} blocking sockets from this thread: the kernel completes them into the backlog. */
    private static void connect(List<Socket> peers, int count, TcpListener listener) throws IOException {
        for (int i = 0; i < count; i++) {
            peers.add(new Socket(InetAddress.getLoopbackAddress(), listener.localAddress().getPort()));
        }
    }

    /** A few polls with nothing else to do: the ring takes what it will, and the cancellation goes through. */
    private static void settle(Io io) {
        for (int i = 0; i < 10; i++) {
            io.loop().run(() -> io.loop().setTimeout(() -> { }, 5));
        }
    }

    private static void acceptAll(TcpIo tcp, TcpListener listener, int left, List<TcpConnection> accepted) {
        if (left == 0) {
            return;
        }
        tcp.accept(listener, Completion.of(connection -> {
            accepted.add(connection);
            acceptAll(tcp, listener, left - 1, accepted);
        }, error -> { throw new AssertionError(error); }));
    }
}
