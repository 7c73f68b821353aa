package com.example.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.porter.backend.CountingBackendProvider;
import dev.loop.io.Io;
import dev.loop.io.IoOptions;
import dev.loop.spi.PollerFactory;
import dev.loop.tck.FileConformance;
import dev.loop.tck.IoBackendPollers;
import dev.loop.tck.LoopContract;
import dev.loop.tck.TcpConformance;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Our backend, chosen by name, serves the loop's polls, and loop-tck's suites prove it. */
class CountingBackendTckTest {

    @Test
    void ioCreateChoosesItByName() {
        long before = CountingBackendProvider.POLLS.get();
        try (Io io = Io.create(IoOptions.defaults().withBackend("counting"))) {
            assertEquals("counting", io.backend());
            io.loop().run(() -> io.loop().setImmediate(() -> { }));
        }
        assertTrue(CountingBackendProvider.POLLS.get() > before);
    }

    @Nested
    class Loop extends LoopContract {
        @Override
        protected PollerFactory pollerFactory() {
            return IoBackendPollers.named("counting");
        }
    }

    @Nested
    class Tcp extends TcpConformance {
        @Override
        protected String backend() {
            return "counting";
        }
    }

    @Nested
    class Files extends FileConformance {
        @Override
        protected String backend() {
            return "counting";
        }
    }
}
