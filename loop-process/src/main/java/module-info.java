/**
 * Child processes: {@link dev.loop.process.Processes#fork fork} a child JVM that exchanges
 * structured values ({@code dev.loop.value}) with its parent over shared memory, as Node's
 * {@code child_process.fork} does. The transport is a service ({@link dev.loop.process.spi}); this
 * module brings a lock-free ring in a shared-memory file, reached through the FFM API, so it needs
 * {@code --enable-native-access=dev.loop.process}.
 */
module dev.loop.process {
    // requires: the values we send (and the loop API they bring) appear in our signatures
    requires transitive dev.loop.value;
    // requires: spawn's errors are loop-io's ErrnoExceptions (ENOENT, EACCES, EPIPE), which callers catch by type
    requires transitive dev.loop.io;

    // exports: the process API, and the transport SPI for other transports
    exports dev.loop.process;
    exports dev.loop.process.spi;

    uses dev.loop.process.spi.IpcTransportProvider;
    provides dev.loop.process.spi.IpcTransportProvider with dev.loop.process.ring.RingTransportProvider;
}
