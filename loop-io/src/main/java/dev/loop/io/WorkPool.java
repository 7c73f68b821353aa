package dev.loop.io;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * libuv's threadpool: a fixed number of threads (platform, or virtual when asked) behind a bounded
 * queue. {@link #execute} throws {@link RejectedExecutionException} when the queue is full.
 *
 * <p><b>Thread safety:</b> thread-safe.
 */
final class WorkPool implements Executor, AutoCloseable {

    private final ThreadPoolExecutor executor;

    WorkPool(IoOptions options, String loopName) {
        ThreadFactory threads;
        if (options.virtualWorkThreads()) {
            threads = Thread.ofVirtual().name(loopName + "-work-", 0).factory();
        } else {
            AtomicInteger next = new AtomicInteger();
            threads = task -> {
                Thread thread = new Thread(task, loopName + "-work-" + next.getAndIncrement());
                thread.setDaemon(true); // like libuv's pool, it never keeps the process alive by itself
                return thread;
            };
        }
        this.executor = new ThreadPoolExecutor(options.workThreads(), options.workThreads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(options.workQueueLimit()), threads, new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    int queueLimit() {
        return executor.getQueue().remainingCapacity() + executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
