package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.spi.PollerFactory;
import org.junit.jupiter.api.Test;

/** -Ddev.loop.defaultPollerFactory: a name that matches no provider is refused with the list. */
class DefaultPollerFactoryTest {

    @Test
    void anUnknownDefaultPollerFactoryIsRefusedWithTheProvidersThereAre() {
        String before = System.getProperty(PollerFactory.DEFAULT_PROPERTY);
        System.setProperty(PollerFactory.DEFAULT_PROPERTY, "no.such.Factory");
        try {
            IllegalStateException error = assertThrows(IllegalStateException.class, EventLoop::create);
            assertTrue(error.getMessage().contains("no.such.Factory") && error.getMessage().contains("the providers here are"),
                    error.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(PollerFactory.DEFAULT_PROPERTY);
            } else {
                System.setProperty(PollerFactory.DEFAULT_PROPERTY, before);
            }
        }
        EventLoop.create().close(); // without the property: the parking poller, as before
    }
}
