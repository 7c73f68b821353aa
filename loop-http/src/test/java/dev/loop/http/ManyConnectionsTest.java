package dev.loop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten thousand keep-alive connections, each answered and held open, then closed by the clients
 * and the server closed: every descriptor of the server's process is back. The clients run in a
 * JVM of their own ({@code KeepAliveClients.java}, a source-file program), so that only the
 * server's descriptors are counted here, and both ends fit under this machine's limit.
 */
@org.junit.jupiter.api.Timeout(180)
class ManyConnectionsTest {

    private static final int CONNECTIONS = 10_000;

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void tenThousandKeepAliveConnectionsAreServedAndReleased(@TempDir Path dir) throws Exception {
        Path clients = dir.resolve("KeepAliveClients.java");
        try (InputStream source = ManyConnectionsTest.class.getResourceAsStream("/KeepAliveClients.java")) {
            Files.write(clients, source.readAllBytes());
        }
        serve(clients, 10); // first, what the JVM opens once for good (its NIO internals)
        long before = openDescriptors();
        Served served = serve(clients, CONNECTIONS);
        assertEquals("answered " + CONNECTIONS, served.clientSaid());
        assertEquals(CONNECTIONS, served.answered());
        assertEquals(CONNECTIONS, served.peakConnections(), "each connection was kept alive after its response");
        long after = openDescriptors();
        assertTrue(after <= before, "descriptors before " + before + ", after " + after);
    }

    private record Served(String clientSaid, int answered, int peakConnections) {
    }

    private static Served serve(Path clients, int connections) throws Exception {
        String[] said = {null};
        int[] answered = {0};
        int[] peak = {0};
        Process child = null;
        try (Io io = Io.create()) {
            EventLoop loop = io.loop();
            Process[] started = {null};
            loop.run(() -> {
                HttpServer server = Http.createServer(io, (req, res) -> {
                    answered[0]++;
                    res.end("ok");
                });
                server.listen(0, "127.0.0.1").thenAccept(address -> {
                    try {
                        started[0] = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                                "-Xmx256m", "-XX:+UseSerialGC", clients.toString(), String.valueOf(address.getPort()),
                                String.valueOf(connections)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    Process process = started[0];
                    // the child's one line arrives on a thread of its own, then is handed to the loop
                    Thread.ofPlatform().daemon().start(() -> {
                        String line;
                        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            line = out.readLine();
                        } catch (IOException e) {
                            line = "failed: " + e;
                        }
                        String result = line;
                        loop.execute(() -> {
                            said[0] = result;
                            peak[0] = server.connectionCount();
                            try {
                                process.getOutputStream().close(); // the clients close theirs, then exit
                            } catch (IOException e) {
                                process.destroy();
                            }
                            server.close(); // finishes once every connection has closed
                        });
                    });
                });
            });
            child = started[0];
        } finally {
            if (child != null && !child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        return new Served(said[0], answered[0], peak[0]);
    }
}
