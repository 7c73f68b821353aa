package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an idle connection costs: an echo server (which reads all the time) holds 10,000 idle
 * connections, opened by a child JVM so that only the server's side is in this heap, and the
 * live heap they add, after a full GC, must stay under 2 KiB each. A socket that held a read
 * buffer of its own while it waited cost about 68 KiB.
 */
@org.junit.jupiter.api.Timeout(60)
@ExtendWith(ResourceBaseline.class)
class IdleConnectionHeapTest {

    private static final int CONNECTIONS = 10_000;
    private static final long BUDGET_BYTES = 2 * 1024;

    private final Io io = Io.create();
    private final EventLoop loop = io.loop();

    @AfterEach
    void close() {
        io.close();
    }

    @Test
    void tenThousandIdleConnectionsCostLessThanTwoKibibytesOfHeapEach() throws Exception {
        ensureDescriptors(CONNECTIONS + 1_000);
        int[] accepted = {0};
        int[] port = {0};
        boolean[] timedOut = {false};
        Server server = io.net().createServer(socket -> {
            socket.onData(socket::write); // an echo server: always reading
            if (++accepted[0] == CONNECTIONS) {
                loop.stop();
            }
        });
        loop.run(() -> server.listen(0, "127.0.0.1").thenAccept(address -> {
            port[0] = address.getPort();
            loop.stop();
        }));
        long before = liveHeap();
        try (ChildJvm clients = ChildJvm.start(List.of(), List.of("-Xmx256m", "-XX:+UseSerialGC"), IdleClients.class,
                String.valueOf(port[0]), String.valueOf(CONNECTIONS))) {
            Timeout watchdog = loop.setTimeout(() -> {
                timedOut[0] = true;
                loop.stop();
            }, 30_000);
            loop.run();
            watchdog.close();
            assertFalse(timedOut[0], "only " + accepted[0] + " of " + CONNECTIONS + " connections arrived in 30 s");
            assertEquals("connected " + CONNECTIONS, clients.nextLine(10_000));
            long after = liveHeap();
            long perConnection = (after - before) / CONNECTIONS;
            System.out.printf("%d idle connections: %d bytes of live heap each (%d KiB in all)%n", CONNECTIONS, perConnection,
                    (after - before) / 1024);
            assertTrue(perConnection < BUDGET_BYTES, "an idle connection costs " + perConnection + " bytes of heap; the budget is "
                    + BUDGET_BYTES);
            clients.closeInput();
        }
        loop.run(server::close);
    }

    /** Used heap after full collections (System.gc is one in every collector but Epsilon): what is live. */
    private static long liveHeap() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // the first collection may leave what cleaners free for the next
            runtime.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }

    /**
     * Makes sure this JVM may open {@code needed} descriptors: as root, raises its own limit with
     * prlimit if it is lower; otherwise the test is skipped with the reason.
     */
    private static void ensureDescriptors(long needed) throws IOException, InterruptedException {
        long limit = openFilesLimit();
        if (limit < needed && Files.isExecutable(Path.of("/usr/bin/prlimit"))) {
            Process raise = new ProcessBuilder("/usr/bin/prlimit", "--pid", String.valueOf(ProcessHandle.current().pid()),
                    "--nofile=" + needed + ":" + needed).inheritIO().start();
            raise.waitFor(10, TimeUnit.SECONDS);
            limit = openFilesLimit();
        }
        assumeTrue(limit >= needed, "needs " + needed + " file descriptors, and ulimit -n is " + limit
                + " (raising it needs root): run the test with a higher limit");
    }

    private static long openFilesLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IllegalStateException("no 'Max open files' line in /proc/self/limits");
    }
}
