package dev.loop.io.uring;

import dev.loop.tck.ActiveResourcesConformance;

/** The io_uring backend against the active-resources conformance suite. */
class UringActiveResourcesConformanceTest extends ActiveResourcesConformance {

    @Override
    protected String backend() {
        return "io_uring";
    }
}
