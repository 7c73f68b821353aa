package dev.loop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The HTTP suite runs on the backend it is asked for: NIO by default, io_uring with
 * {@code -Ddev.loop.io.backend=io_uring} (and {@code --enable-native-access=dev.loop.io.uring}),
 * as CI runs it a second time.
 */
class BackendInUseTest extends HttpTestFixture {

    @Test
    void theLoopsHereUseTheNamedBackend() {
        assertEquals(System.getProperty("dev.loop.io.backend", "nio"), io.ioBackend().name());
    }
}
