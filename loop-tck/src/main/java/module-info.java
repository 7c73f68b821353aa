/**
 * Conformance suites, as abstract JUnit 5 classes that an implementation's tests extend, one
 * subclass per implementation: {@link dev.loop.tck.LoopContract} for a poller or a loop
 * implementation, {@link dev.loop.tck.TcpConformance} and {@link dev.loop.tck.FileConformance} for
 * an I/O backend. An outside module extends them on the module path with no extra JVM flag: the
 * suites are public, in an exported package, and reach the code under test through public API
 * only.
 */
module dev.loop.tck {
    // requires: the suites' signatures name loop-io's and loop-api's types, and JUnit's annotations
    requires transitive dev.loop.io;
    requires transitive org.junit.jupiter.api;

    // exports: the suites
    exports dev.loop.tck;

    // uses: IoBackendPollers finds a backend by name, as Io.create() does
    uses dev.loop.io.spi.IoBackendProvider;
}
