/**
 * Conformance suites, as abstract JUnit 5 classes that an implementation's tests extend, one
 * subclass per implementation: {@link dev.loop.tck.LoopContract} for a poller or a loop
 * implementation, {@link dev.loop.tck.TcpConformance} and {@link dev.loop.tck.FileConformance} for
 * an I/O backend, {@link dev.loop.tck.IpcTransportConformance} for a process transport. An outside module extends them on the module path with no extra JVM flag: the
 * suites are public, in an exported package, and reach the code under test through public API
 * only.
 */
module dev.loop.tck {
    // requires: the suites' signatures name loop-io's and loop-api's types, and JUnit's annotations
    requires transitive dev.loop.io;
    requires transitive dev.loop.process;
    requires transitive org.junit.jupiter.api;

    // exports: the suites
    exports dev.loop.tck;

    // uses: IoBackendPollers finds a backend by name, as Io.create() does
    uses dev.loop.io.spi.IoBackendProvider;
    // and IpcTransportConformance.installed finds a process transport by name
    uses dev.loop.process.spi.IpcTransportProvider;
}
