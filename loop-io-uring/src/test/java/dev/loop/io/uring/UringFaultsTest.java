package dev.loop.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.io.Io;
import dev.loop.io.Socket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ring's limits and endings: more operations in one callback than the submission queue
 * holds, more completions at once than the completion queue holds, and a loop closed with
 * thousands of operations in flight. Each time every operation completes exactly once (or is
 * cancelled with the loop), and no descriptor is left behind.
 */
@org.junit.jupiter.api.Timeout(60)
class UringFaultsTest {

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /**
     * 5,000 stats from one callback: the 1,024-entry submission queue fills four times over (each
     * time it is submitted and reused), and the 4,096-entry completion queue overflows (the kernel
     * keeps the rest, IORING_FEAT_NODROP, until the overflow flag makes the poll phase flush it).
     */
    @Test
    void moreOperationsThanTheQueuesHoldEachCompleteOnce(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        int count = 5_000;
        int[] completed = new int[count];
        try (Io io = Io.create()) {
            assertEquals("io_uring", io.backend());
            io.loop().run(() -> {
                for (int i = 0; i < count; i++) {
                    int n = i;
                    io.fs().stat(file).thenAccept(stats -> completed[n]++);
                }
            });
        }
        for (int i = 0; i < count; i++) {
            assertEquals(1, completed[i], "stat " + i);
        }
    }

    /**
     * 2,000 connections, each end with a receive armed in the kernel, then the loop closed while
     * they are all in flight (every socket unreferenced, so the loop ends): the backend cancels
     * them and waits for the kernel, and every descriptor is released.
     */
    @Test
    void aLoopClosedWithThousandsOfOperationsInFlightReleasesEverything() throws IOException {
        warmUp();
        long before = openDescriptors();
        int connections = 2_000;
        List<Socket> sockets = new ArrayList<>();
        int[] accepted = {0};
        try (Io io = Io.create()) {
            io.loop().run(() -> {
                var server = io.net().createServer(socket -> {
                    sockets.add(socket.unref());
                    socket.onData(chunk -> { });
                    accepted[0]++;
                });
                server.listen(0, "127.0.0.1").thenAccept(address -> {
                    for (int i = 0; i < connections; i++) {
                        Socket client = io.net().connect(address.getPort(), "127.0.0.1");
                        sockets.add(client);
                        client.onConnect(() -> {
                            client.unref();
                            if (accepted[0] == connections) {
                                server.unref();
                            }
                        }).onData(chunk -> { });
                    }
                    server.unref();
                });
            });
            assertTrue(sockets.size() > connections, "both ends of the connections were made: " + sockets.size());
        }
        long after = openDescriptors();
        assertTrue(after <= before, "descriptors before " + before + ", after " + after);
    }

    /** What a first loop opens once for good (the JVM's own descriptors), before counting. */
    private static void warmUp() {
        try (Io io = Io.create()) {
            io.loop().run(() -> {
                var server = io.net().createServer(socket -> { });
                server.listen(0, "127.0.0.1").thenAccept(address -> server.close());
            });
        }
    }
}
