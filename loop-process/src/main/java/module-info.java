/**
 * Child processes: {@link dev.loop.process.Processes#fork fork} a child JVM that exchanges
 * structured values ({@code dev.loop.value}) with its parent over shared memory, as Node's
 * {@code child_process.fork} does; {@link dev.loop.process.Processes#spawn spawn} and
 * {@link dev.loop.process.Processes#exec exec} OS commands, with their standard streams as loop
 * streams. The transport is a service ({@link dev.loop.process.spi}); this module brings a
 * lock-free ring in a shared-memory file. The futex, the ring, {@code posix_spawn}, the pipes and
 * {@code epoll} are reached through the FFM API, so it needs
 * {@code --enable-native-access=dev.loop.process}.
 */
module dev.loop.process {
    // requires: the values we send (and the loop API they bring) appear in our signatures
    requires transitive dev.loop.value;
    // requires: lifecycle events for JFR, off unless a recording enables them
    requires jdk.jfr;
    // requires: spawn's errors are loop-io's ErrnoExceptions (ENOENT, EACCES, EPIPE), which callers catch by type
    requires transitive dev.loop.io;

    // exports: the process API, and the transport SPI for other transports
    exports dev.loop.process;
    exports dev.loop.process.spi;

    uses dev.loop.process.spi.IpcTransportProvider;
    provides dev.loop.process.spi.IpcTransportProvider with dev.loop.process.ring.RingTransportProvider;
    // provides: file-backed SharedBuffers cross to forked children as their file
    provides dev.loop.value.ValueCodec with dev.loop.process.shared.SharedBufferCodec;
}
