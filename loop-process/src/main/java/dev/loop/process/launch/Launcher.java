package dev.loop.process.launch;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every child from one long-lived thread. A child asks the kernel to kill it when the
 * thread that started it ends ({@code PR_SET_PDEATHSIG}, as a backup to noticing its parent's
 * death on its standard input), and Linux counts that from the starting <em>thread</em>: a child
 * started by a loop thread that ends, or a worker, would die with it.
 *
 * <p><b>Thread safety:</b> any thread; {@link #start} blocks the caller while the process starts
 * (a few milliseconds), as Node's {@code spawn} does.
 */
public final class Launcher {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(
            task -> Thread.ofPlatform().daemon(true).name("loop-process-launcher").unstarted(task));

    private Launcher() {
    }

    /**
     * Starts a process on the launcher thread without waiting for it.
     *
     * @param request what to start
     * @return completes with the process, or with the {@link IOException} that stopped it
     */
    public static java.util.concurrent.CompletableFuture<NativeProcess> startAsync(NativeProcess.Request request) {
        java.util.concurrent.CompletableFuture<NativeProcess> started = new java.util.concurrent.CompletableFuture<>();
        THREAD.execute(() -> {
            try {
                started.complete(NativeProcess.start(request));
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        return started;
    }

    /**
     * Starts a process on the launcher thread.
     *
     * @param request what to start
     * @return the process
     * @throws IOException if it could not start
     */
    public static NativeProcess start(NativeProcess.Request request) throws IOException {
        Future<NativeProcess> started = THREAD.submit(() -> NativeProcess.start(request));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the process may be starting: wait for it, or it leaks
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("starting the child failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
