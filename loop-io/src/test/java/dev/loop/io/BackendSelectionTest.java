package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Choosing the backend: the best available, or the one the user names. */
class BackendSelectionTest {

    @Test
    void theNioBackendServesByDefault() {
        try (Io io = Io.create()) {
            assertEquals("nio", io.backend());
        }
    }

    @Test
    void anUnknownNameIsRefusedWithTheListOfBackends() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Io.create(IoOptions.defaults().withBackend("epoll")));
        assertTrue(error.getMessage().contains("'epoll'"), error.getMessage());
        assertTrue(error.getMessage().contains("nio (priority 0)"), error.getMessage());
        assertTrue(error.getMessage().contains(IoOptions.BACKEND_PROPERTY), error.getMessage());
    }

    @Test
    void theSystemPropertyNamesTheBackendWhenTheOptionsDoNot() {
        System.setProperty(IoOptions.BACKEND_PROPERTY, "no-such-backend");
        try {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, Io::create);
            assertTrue(error.getMessage().contains("'no-such-backend'"), error.getMessage());
            System.setProperty(IoOptions.BACKEND_PROPERTY, "NIO");
            try (Io io = Io.create()) {
                assertEquals("nio", io.backend());
            }
        } finally {
            System.clearProperty(IoOptions.BACKEND_PROPERTY);
        }
    }
}
