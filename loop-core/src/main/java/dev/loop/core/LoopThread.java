package dev.loop.core;

import dev.loop.api.LoopException;
import dev.loop.api.LoopOptions;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;

/**
 * A loop on a thread of its own that stays up until closed (server style): the thread creates the
 * loop, so it owns it, holds a keep-alive reference, and runs it until it is closed.
 */
final class LoopThread {

    private static final System.Logger LOG = System.getLogger(LoopThread.class.getName());

    private LoopThread() {
    }

    static CoreEventLoop start(LoopOptions options) {
        CompletableFuture<CoreEventLoop> started = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().name(options.name()).daemon(options.daemon()).unstarted(() -> {
            CoreEventLoop loop;
            try {
                loop = new CoreEventLoop(options, Thread.currentThread());
                loop.keepAlive();
            } catch (Throwable t) {
                started.completeExceptionally(t);
                throw t;
            }
            started.complete(loop);
            try {
                while (!loop.isTerminated()) {
                    loop.run(); // returns early only after stop(); the keep-alive holds it otherwise
                }
            } catch (LoopException e) {
                LOG.log(Level.ERROR, "Loop thread '" + options.name() + "' stopped on an uncaught error", e);
            } catch (RuntimeException | Error e) {
                // Not the loop's own error path (a poller failed, say): close it on its own thread
                // so that accepted tasks still run and later ones are rejected, then report.
                LOG.log(Level.ERROR, "Loop thread '" + options.name() + "' failed; closing its loop", e);
                try {
                    loop.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
        });
        thread.start();
        // The hand-off through the future is the happens-before edge that publishes the loop.
        return started.join();
    }
}
