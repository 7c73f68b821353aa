package dev.loop.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.ResourceKind;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.spi.PollerContext;
import dev.loop.spi.PollerFactory;
import dev.loop.tck.LoopContract;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;

/**
 * The loop contract again with the io_uring backend's fallback wake-up, an eventfd its ring reads,
 * which serves where the kernel refuses {@code IORING_OP_MSG_RING} (the default, which
 * {@link UringLoopContractTest} checks).
 */
class UringEventfdWakeupContractTest extends LoopContract {

    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Override
    protected PollerFactory pollerFactory() {
        return loop -> {
            try {
                UringBackend backend = new UringBackend(new Context(loop), false);
                assertEquals("eventfd", backend.wakeupMechanism());
                return backend;
            } catch (Syscalls.NativeException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private record Context(PollerContext loop) implements IoBackendContext {
        @Override
        public <T> void offload(ResourceKind kind, Callable<? extends T> call, Completion<? super T> done) {
            IoBackendContext.runOn(POOL, loop, kind, call, done);
        }
    }
}
