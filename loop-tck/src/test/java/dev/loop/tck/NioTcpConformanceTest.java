package dev.loop.tck;

/** The NIO backend against the TCP conformance suite. */
class NioTcpConformanceTest extends TcpConformance {

    @Override
    protected String backend() {
        return "nio";
    }
}
