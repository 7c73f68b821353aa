package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;

/**
 * A server keeps accepting after it ran out of file descriptors, as Node's does: a child JVM under
 * {@code prlimit --nofile=128} runs {@link FdLimitedServer}, more clients connect than it has
 * descriptors, it reports EMFILE, and once they have gone, new clients are served.
 */
@Timeout(60)
@ExtendWith(ResourceBaseline.class)
class AcceptUnderFdLimitTest {

    private static final String HOST = "127.0.0.1";
    private static final int LIMIT = 128;
    /** More than LIMIT, fewer than the backlog (511) plus LIMIT, so that every connect completes. */
    private static final int FLOOD = 300;
    private static final int AFTERWARDS = 10;

    @Test
    void aServerOutOfDescriptorsReportsEmfileAndServesAgainOnceTheyAreFreed() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux) to lower the child's descriptor limit");
        try (ChildJvm server = ChildJvm.start(List.of("/usr/bin/prlimit", "--nofile=" + LIMIT + ":" + LIMIT, "--"),
                List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), FdLimitedServer.class)) {
            String listening = server.nextLine(20_000);
            assertNotNull(listening, "the child server did not start within 20 s");
            assertTrue(listening.startsWith("listening "), "the child server printed: " + listening);
            int port = Integer.parseInt(listening.substring("listening ".length()));

            List<Socket> flood = new ArrayList<>();
            String firstError;
            try {
                for (int i = 0; i < FLOOD; i++) {
                    Socket client = new Socket();
                    flood.add(client);
                    try {
                        client.connect(new InetSocketAddress(HOST, port), 5_000);
                    } catch (IOException e) {
                        throw new AssertionError("client " + (i + 1) + " of " + FLOOD + " could not connect; the server's output: "
                                + server.nextLine(0), e);
                    }
                }
                firstError = server.nextLine(20_000); // the first accept past the limit fails
            } finally {
                for (Socket client : flood) {
                    client.close();
                }
            }

            // Every descriptor can be freed now: the served clients are gone, the rest never got one.
            List<Socket> later = new ArrayList<>();
            int served = 0;
            long deadline = System.nanoTime() + 20_000_000_000L;
            try {
                for (int i = 0; i < AFTERWARDS; i++) {
                    Socket client = new Socket();
                    later.add(client);
                    client.connect(new InetSocketAddress(HOST, port), 5_000);
                }
                for (Socket client : later) {
                    if (greeted(client, deadline)) {
                        served++;
                    }
                }
            } finally {
                for (Socket client : later) {
                    client.close();
                }
            }
            int servedAfterwards = served;
            assertAll(() -> assertEquals(AFTERWARDS, servedAfterwards, "clients served after the descriptors were freed"),
                    () -> assertEquals("error EMFILE", firstError, "the server's first error, out of descriptors"));
        }
    }

    /** Whether the client read the greeting and then the end of the stream before the deadline. */
    private static boolean greeted(Socket client, long deadline) throws IOException {
        StringBuilder got = new StringBuilder();
        InputStream in = client.getInputStream();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                client.setSoTimeout((int) left);
                int b = in.read();
                if (b < 0) {
                    return got.toString().equals("hello");
                }
                got.append((char) b);
            }
        } catch (SocketTimeoutException late) {
            return false;
        }
    }
}
