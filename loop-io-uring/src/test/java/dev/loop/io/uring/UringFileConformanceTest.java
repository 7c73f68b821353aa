package dev.loop.io.uring;

import dev.loop.tck.FileConformance;

/** The io_uring backend against the file conformance suite. */
class UringFileConformanceTest extends FileConformance {

    @Override
    protected String backend() {
        return "io_uring";
    }
}
