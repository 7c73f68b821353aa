package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.io.spi.IoBackendProvider;
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

    /** A backend ranked above the others that cannot run here: the next one serves, and the reason is told once. */
    @Test
    void anUnavailableBetterBackendFallsBackToTheNextAndSaysWhyOnce() {
        IoBackendProvider better = new FakeProvider("fake-uring-" + System.nanoTime(), 10,
                new UnsupportedOperationException("io_uring is disabled on this machine"));
        IoBackendProvider nio = new FakeProvider("fake-nio", 0, null);
        assertEquals(nio, IoBackends.select(java.util.List.of(better, nio), null));
        assertFalse(IoBackends.reportFallback(better, nio), "the first selection reported it already");
        IllegalStateException named = assertThrows(IllegalStateException.class,
                () -> IoBackends.select(java.util.List.of(better, nio), better.name()));
        assertTrue(named.getMessage().contains("io_uring is disabled on this machine"), named.getMessage());
    }

    private record FakeProvider(String name, int priority, Throwable unavailabilityCause) implements IoBackendProvider {
        @Override
        public boolean isAvailable() {
            return unavailabilityCause == null;
        }

        @Override
        public dev.loop.io.spi.IoBackend create(dev.loop.io.spi.IoBackendContext context) {
            throw new UnsupportedOperationException("not for creating");
        }
    }
}
