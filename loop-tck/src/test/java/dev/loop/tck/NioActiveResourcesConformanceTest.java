package dev.loop.tck;

/** The NIO backend against the active-resources conformance suite. */
class NioActiveResourcesConformanceTest extends ActiveResourcesConformance {

    @Override
    protected String backend() {
        return "nio";
    }
}
