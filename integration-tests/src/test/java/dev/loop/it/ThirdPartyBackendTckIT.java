package dev.loop.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.io.Io;
import dev.loop.io.IoOptions;
import dev.loop.it.backend.Tally;
import dev.loop.spi.PollerFactory;
import dev.loop.tck.FileConformance;
import dev.loop.tck.IoBackendPollers;
import dev.loop.tck.LoopContract;
import dev.loop.tck.TcpConformance;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * An outside module on the module path, with a backend of its own ({@code tally}, declared in
 * {@code dev.loop.it}'s descriptor), extends loop-tck's suites: the loop contract and the TCP and
 * file conformance suites. The surefire configuration names no loop-tck or loop-io package: no
 * {@code --patch-module}, {@code --add-reads} or {@code --add-opens} is needed for the suites.
 */
class ThirdPartyBackendTckIT {

    @Test
    void ioCreateSelectsTheThirdPartyBackendByNameAndItServesThePolls() {
        long before = Tally.polls();
        try (Io io = Io.create(IoOptions.defaults().withBackend("tally"))) {
            assertEquals("tally", io.backend());
            // an immediate makes the loop iterate, and every iteration polls before its check phase
            io.loop().run(() -> io.loop().setImmediate(() -> { }));
        }
        assertTrue(Tally.polls() > before, "the loop never blocked in the tally backend: " + before + " -> " + Tally.polls());
    }

    /** The loop contract, on a loop that blocks in the tally backend. */
    @Nested
    class Loop extends LoopContract {
        @Override
        protected PollerFactory pollerFactory() {
            return IoBackendPollers.named("tally");
        }
    }

    /** TCP conformance of the tally backend. */
    @Nested
    class Tcp extends TcpConformance {
        @Override
        protected String backend() {
            return "tally";
        }
    }

    /** File conformance of the tally backend. */
    @Nested
    class Files extends FileConformance {
        @Override
        protected String backend() {
            return "tally";
        }
    }
}
