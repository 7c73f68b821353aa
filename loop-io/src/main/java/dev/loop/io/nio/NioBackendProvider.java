package dev.loop.io.nio;

import dev.loop.io.spi.IoBackend;
import dev.loop.io.spi.IoBackendProvider;
import dev.loop.spi.PollerContext;
import java.util.concurrent.Executor;

/**
 * The NIO backend, available everywhere: sockets through a {@link java.nio.channels.Selector},
 * files on the work pool, as libuv works on Linux without io_uring.
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
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public IoBackend create(PollerContext loop, Executor workPool) {
        return new NioBackend(loop, workPool);
    }
}
