package dev.loop.tck;

import dev.loop.api.ResourceKind;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.io.spi.IoBackendProvider;
import dev.loop.spi.PollerContext;
import dev.loop.spi.PollerFactory;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * An I/O backend as the poller of a plain loop, so that {@link LoopContract} checks the loop's
 * contract on it: each loop blocks in the backend during its poll phase.
 *
 * <p><b>Thread safety:</b> any thread.
 */
public final class IoBackendPollers {

    /** The loop contract makes no file operations; any that run share this pool. */
    private static final Executor WORK_POOL = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "loop-tck-work");
        thread.setDaemon(true);
        return thread;
    });

    private IoBackendPollers() {
    }

    /**
     * The poller factory of the backend named {@code backend}, found through
     * {@link ServiceLoader} as {@code Io.create()} finds it.
     *
     * @param backend the backend's name, such as {@code nio}
     * @return a factory that makes one backend per loop
     * @throws IllegalArgumentException if no installed provider has that name; the message lists
     *     the names there are
     * @throws IllegalStateException if the provider says it is unavailable here, with its cause
     */
    public static PollerFactory named(String backend) {
        List<IoBackendProvider> providers = ServiceLoader.load(IoBackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        IoBackendProvider provider = providers.stream()
                .filter(p -> p.name().equals(backend))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No I/O backend named '" + backend + "'; the installed ones are "
                        + providers.stream().map(IoBackendProvider::name).toList()
                        + ". Register yours with 'provides dev.loop.io.spi.IoBackendProvider with ...' in its module-info"));
        if (!provider.isAvailable()) {
            throw new IllegalStateException("I/O backend '" + backend + "' is not available here", provider.unavailabilityCause());
        }
        return loop -> provider.create(new PooledContext(loop));
    }

    /**
     * The backend's context on a plain loop: blocking calls run on {@link #WORK_POOL}, counted as
     * requests, as loop-io's own context runs them. The pool is unbounded, so it never refuses.
     */
    private record PooledContext(PollerContext loop) implements IoBackendContext {

        @Override
        public <T> void offload(ResourceKind kind, Callable<? extends T> call, Completion<? super T> done) {
            IoBackendContext.runOn(WORK_POOL, loop, kind, call, done);
        }
    }
}
