package dev.loop.io.nio;

import dev.loop.io.spi.IoBackend;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.io.spi.IoBackendProvider;

/**
 * The NIO backend, available everywhere: sockets through a {@link java.nio.channels.Selector},
 * files on the work pool (every file operation, the whole-file and directory ones by
 * {@link dev.loop.io.spi.FileIo}'s defaults), as libuv works on Linux without io_uring.
 */
public final class NioBackendProvider implements IoBackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public NioBackendProvider() {
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public IoBackend create(IoBackendContext context) {
        return new NioBackend(context);
    }
}
