package dev.loop.io.uring;

import dev.loop.spi.PollerFactory;
import dev.loop.tck.IoBackendPollers;
import dev.loop.tck.LoopContract;

/** loop-core blocking in the io_uring backend (io_uring_enter) against the loop contract. */
class UringLoopContractTest extends LoopContract {

    @Override
    protected PollerFactory pollerFactory() {
        return IoBackendPollers.named("io_uring");
    }
}
