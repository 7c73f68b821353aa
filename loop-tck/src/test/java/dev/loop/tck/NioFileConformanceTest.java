package dev.loop.tck;

/** The NIO backend against the file conformance suite. */
class NioFileConformanceTest extends FileConformance {

    @Override
    protected String backend() {
        return "nio";
    }
}
