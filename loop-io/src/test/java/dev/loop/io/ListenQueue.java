package dev.loop.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's accept queue of a listening socket on 127.0.0.1, read from {@code /proc/net/tcp}
 * and {@code tcp6} (NIO's sockets are IPv6 ones, bound to {@code ::ffff:127.0.0.1}): for a socket
 * in state LISTEN, its {@code rx_queue} column is the number of connections that completed their
 * handshake and wait for {@code accept}.
 */
final class ListenQueue {

    private ListenQueue() {
    }

    /** The accept queue's length for 127.0.0.1:{@code port}, or -1 if nothing listens there. */
    static int length(int port) throws IOException {
        // 127.0.0.1 as the kernel prints it (in host order), alone or at the end of ::ffff:127.0.0.1
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[1].endsWith(local) && fields[3].equals("0A")) { // 0A: TCP_LISTEN
                    return Integer.parseInt(fields[4].substring(fields[4].indexOf(':') + 1), 16);
                }
            }
        }
        return -1;
    }

    /**
     * Waits, driven from the test thread, until {@code length} connections wait in the queue: a
     * connect returns once the client has its SYN-ACK, a moment before the server queues it.
     */
    static void awaitLength(int port, int length, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        int seen;
        while ((seen = length(port)) < length) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(length + " connections should wait in the accept queue of port " + port + "; "
                        + seen + " do after " + timeoutMillis + " ms");
            }
            Thread.yield();
        }
    }
}
