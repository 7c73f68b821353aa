package dev.loop.io.nio;

import dev.loop.spi.Poller;
import dev.loop.spi.PollerContext;
import dev.loop.spi.PollerFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The NIO backend as a plain poller, for {@code -Ddev.loop.defaultPollerFactory=}this class: every
 * loop created without a poller then blocks in a {@link java.nio.channels.Selector}. loop-io's build
 * runs loop-core's whole test suite this way. File operations, unused there, get a small shared pool.
 */
public final class NioPollerFactory implements PollerFactory {

    private static final Executor SHARED_POOL = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "nio-poller-factory-work");
        thread.setDaemon(true);
        return thread;
    });

    /** For {@link java.util.ServiceLoader}. */
    public NioPollerFactory() {
    }

    @Override
    public Poller create(PollerContext context) {
        return new NioBackend(context, SHARED_POOL);
    }
}
