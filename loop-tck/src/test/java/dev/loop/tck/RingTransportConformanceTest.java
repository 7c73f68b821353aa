package dev.loop.tck;

import dev.loop.process.spi.IpcTransportProvider;

/** The process module's own transport passes the transport suite. */
class RingTransportConformanceTest extends IpcTransportConformance {

    @Override
    protected IpcTransportProvider transport() {
        return installed("ring");
    }
}
