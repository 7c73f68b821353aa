package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import dev.loop.io.spi.IoBackend;
import dev.loop.spi.Poller;
import dev.loop.spi.PollerFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** loop-core blocking in loop-io's NIO backend (a Selector) against the loop contract. */
class NioLoopContractTest extends LoopContract {

    @Override
    protected PollerFactory pollerFactory() {
        return IoBackendPollers.named("nio");
    }

    @Test
    void theLoopsOfThisSuiteBlockInTheNioBackend() {
        List<Poller> made = new ArrayList<>();
        PollerFactory nio = pollerFactory();
        EventLoop loop = EventLoop.create(dev.loop.api.LoopOptions.defaults().withPoller(context -> {
            Poller poller = nio.create(context);
            made.add(poller);
            return poller;
        }));
        loop.close();
        assertEquals(1, made.size());
        assertEquals("nio", ((IoBackend) made.getFirst()).name());
    }
}
