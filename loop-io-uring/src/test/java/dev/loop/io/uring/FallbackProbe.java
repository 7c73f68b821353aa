package dev.loop.io.uring;

import dev.loop.io.Io;

/**
 * Creates two loops with {@code Io.create()} and prints each one's backend, for
 * {@code UringBackendProviderTest}, which runs it in a JVM of its own while io_uring is disabled.
 */
public final class FallbackProbe {

    private FallbackProbe() {
    }

    /**
     * Prints the backend of each of two loops.
     *
     * @param args none
     */
    public static void main(String[] args) {
        for (int i = 0; i < 2; i++) {
            try (Io io = Io.create()) {
                System.out.println(io.backend());
            }
        }
    }
}
