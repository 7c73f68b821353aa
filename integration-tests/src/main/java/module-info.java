/**
 * End-to-end tests across modules, on the module path. The module reads {@code dev.loop.api}, the
 * test kit and the conformance suites: that it can still run a loop, with {@code dev.loop.core}
 * bound through {@link java.util.ServiceLoader}, is the first thing the tests check. It also plays a
 * third party that ships an I/O backend of its own and proves it with loop-tck's suites, as an
 * outside module would: no JVM flag names loop-tck or loop-io.
 */
module dev.loop.it {
    // requires: the API, the kit and the suites; loop-core is a run-time dependency, never read
    requires dev.loop.api;
    requires dev.loop.testkit;
    requires dev.loop.tck;

    // uses: the tally backend wraps the installed NIO backend
    uses dev.loop.io.spi.IoBackendProvider;

    // provides: a third party's backend, as its module would declare it
    provides dev.loop.io.spi.IoBackendProvider with dev.loop.it.backend.TallyBackendProvider;
}
