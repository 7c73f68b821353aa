package dev.loop.testkit;

import dev.loop.api.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The other threads of a test, made deterministic: work for another thread waits here, each piece
 * with the virtual time it completes at and its rank, and when the poll phase reaches that time a
 * real second thread runs the due pieces in order of (time, rank, submission order), each handing
 * its result to the loop through the real {@link EventLoop#execute} path, while the test thread
 * waits for the hand-over.
 *
 * <p><b>Thread safety:</b> the test thread only; the helper thread touches nothing here but the
 * batch it is given.
 */
final class RemoteThread implements AutoCloseable {

    private record Pending(long atNanos, int rank, long sequence, Runnable task) { }

    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> {
        int byTime = Long.compare(a.atNanos, b.atNanos);
        if (byTime != 0) {
            return byTime;
        }
        int byRank = Integer.compare(a.rank, b.rank);
        return byRank != 0 ? byRank : Long.compare(a.sequence, b.sequence);
    });
    private long submitted;
    private ExecutorService thread;

    void submit(long atNanos, int rank, Runnable task) {
        pending.add(new Pending(atNanos, rank, submitted++, task));
    }

    /** The virtual time of the next arrival, or {@code Long.MAX_VALUE}. */
    long nextArrival() {
        Pending next = pending.peek();
        return next == null ? Long.MAX_VALUE : next.atNanos;
    }

    /**
     * Runs every piece due at {@code now} on the helper thread, in order, and returns when all of
     * them ran (and so put what they submit in the loop's queue).
     */
    void deliverDue(long now) {
        if (nextArrival() > now) {
            return;
        }
        List<Runnable> batch = new ArrayList<>();
        while (nextArrival() <= now) {
            batch.add(pending.poll().task);
        }
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(runnable -> {
                Thread t = new Thread(runnable, "test-loop-other-thread");
                t.setDaemon(true);
                return t;
            });
        }
        // happens-before: Future.get() orders the helper's execute() calls before the loop drains
        // its queue on this thread, so the batch is complete and in order when poll returns.
        Future<?> handedOver = thread.submit(() -> batch.forEach(Runnable::run));
        try {
            handedOver.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("handing a submission to the loop failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while another thread handed work to the loop", e);
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
