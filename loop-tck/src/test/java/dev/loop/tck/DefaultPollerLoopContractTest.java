package dev.loop.tck;

import dev.loop.spi.PollerFactory;

/** loop-core with its default poller (it parks the loop thread) against the loop contract. */
class DefaultPollerLoopContractTest extends LoopContract {

    @Override
    protected PollerFactory pollerFactory() {
        return null;
    }
}
