/**
 * End-to-end tests across modules, on the module path. The module reads {@code dev.loop.api}, the
 * test kit and the conformance suites: that it can still run a loop, with {@code dev.loop.core}
 * bound through {@link java.util.ServiceLoader}, is the first thing the tests check. (A third party
 * that ships an I/O backend and proves it with loop-tck's suites is played by consumer-it's
 * separate project, from outside this build.)
 */
module dev.loop.it {
    // requires: the API, the kit and the suites; loop-core is a run-time dependency, never read
    requires dev.loop.api;
    requires dev.loop.testkit;
    requires dev.loop.tck;
}
