package dev.loop.io.uring;

import dev.loop.tck.TcpConformance;

/** The io_uring backend against the TCP conformance suite. */
class UringTcpConformanceTest extends TcpConformance {

    @Override
    protected String backend() {
        return "io_uring";
    }
}
