package dev.loop.process.chronicle;

import dev.loop.process.spi.IpcTransportProvider;
import dev.loop.tck.IpcTransportConformance;

/** The Chronicle transport passes the transport suite. */
class ChronicleTransportConformanceTest extends IpcTransportConformance {

    @Override
    protected IpcTransportProvider transport() {
        return new ChronicleTransportProvider();
    }
}
