package dev.loop.io.nio;

import dev.loop.io.spi.Completion;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.spi.Poller;
import dev.loop.spi.PollerContext;
import dev.loop.spi.PollerFactory;
import java.util.concurrent.Callable;

/**
 * The NIO backend as a plain poller, for {@code -Ddev.loop.defaultPollerFactory=}this class: every
 * loop created without a poller then blocks in a {@link java.nio.channels.Selector}. loop-io's build
 * runs loop-core's whole test suite this way. Such a loop has no work pool and nobody can reach its
 * backend's operations (the loop does not hand out its poller), so its context refuses blocking
 * calls.
 */
public final class NioPollerFactory implements PollerFactory {

    /** For {@link java.util.ServiceLoader}. */
    public NioPollerFactory() {
    }

    @Override
    public Poller create(PollerContext context) {
        return new NioBackend(new PollerOnly(context));
    }

    /** The context of a backend that serves only as a poller: it has no work pool. */
    private record PollerOnly(PollerContext loop) implements IoBackendContext {

        @Override
        public <T> void offload(Callable<? extends T> call, Completion<? super T> done) {
            throw new UnsupportedOperationException("This loop's NIO backend serves only as its poller "
                    + "(NioPollerFactory) and has no work pool; create the loop with Io.create() for file operations");
        }
    }
}
