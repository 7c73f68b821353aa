/**
 * An io_uring I/O backend for loop-io, in pure Java through the FFM API: files and TCP are
 * submitted to the kernel's rings, and the poll phase waits on the completion queue. It exports
 * nothing; {@code Io.create()} finds it through its provider, and prefers it where the kernel
 * allows io_uring. It needs {@code --enable-native-access=dev.loop.io.uring}.
 */
module dev.loop.io.uring {
    // requires: the backend SPI it implements
    requires dev.loop.io;

    provides dev.loop.io.spi.IoBackendProvider with dev.loop.io.uring.UringBackendProvider;
}
