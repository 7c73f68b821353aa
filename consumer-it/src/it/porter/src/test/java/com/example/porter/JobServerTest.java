package com.example.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.io.Io;
import dev.loop.io.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The job server answers each line from the work pool while its loop keeps serving timers. */
class JobServerTest {

    @Test
    void jobsAreAnsweredAndTheServerShutsDownCleanly() {
        Set<String> answers = new TreeSet<>();
        int[] ticks = {0};
        int[] connectionsAtShutdown = {-1};
        try (Io io = Io.create()) {
            io.loop().run(() -> {
                JobServer server = new JobServer(io);
                var ticker = io.loop().setInterval(() -> ticks[0]++, 1);   // the loop stays responsive
                server.listen().thenAccept(address -> {
                    Socket client = io.net().connect(address.getPort(), "127.0.0.1");
                    StringBuilder received = new StringBuilder();
                    client.onConnect(() -> client.write("fib 20\nfib 32\nnope\n".getBytes(StandardCharsets.UTF_8)));
                    client.onData(chunk -> {
                        received.append(StandardCharsets.UTF_8.decode(chunk));
                        received.toString().lines().forEach(answers::add);
                        if (answers.size() == 3) {
                            connectionsAtShutdown[0] = server.connections();
                            ticker.close();
                            server.shutdown();
                        }
                    });
                });
            });
        }
        assertEquals(new TreeSet<>(Set.of("20=6765", "32=2178309", "error: unknown job 'nope'")), answers);
        assertEquals(1, connectionsAtShutdown[0]);
        assertTrue(ticks[0] > 0, "timers ran while fib 32 was computed on the pool");
    }
}
