/**
 * I/O on the event loop: {@link dev.loop.io.Io} attaches an I/O backend to a loop and gives Node's
 * {@code fs} ({@link dev.loop.io.Fs}) and work offload ({@link dev.loop.io.Work}); backends plug in
 * through {@link dev.loop.io.spi.IoBackendProvider}.
 */
module dev.loop.io {
    // requires: the loop's API appears in our signatures
    requires transitive dev.loop.api;

    // exports: the API and the backend SPI; the NIO backend stays internal
    exports dev.loop.io;
    exports dev.loop.io.spi;

    uses dev.loop.io.spi.IoBackendProvider;
    provides dev.loop.io.spi.IoBackendProvider with dev.loop.io.nio.NioBackendProvider;
}
