package dev.loop.bench;

import java.io.IOException;

/** What the benchmark servers share: saying where they listen, and stopping with their driver. */
final class BenchServers {

    private BenchServers() {
    }

    /** Prints {@code {"port":N,"pid":P}}, the line the driver scripts wait for. */
    static void ready(int port) {
        System.out.println("{\"port\":" + port + ",\"pid\":" + ProcessHandle.current().pid() + "}");
        System.out.flush();
    }

    /** Exits the process when standard input closes: the driver stops a server by closing the pipe. */
    static void exitWhenStdinCloses() {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the driver never writes
                }
            } catch (IOException e) {
                // the pipe broke: stop as well
            }
            System.exit(0);
        });
    }
}
