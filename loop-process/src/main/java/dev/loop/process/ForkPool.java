package dev.loop.process;

import dev.loop.api.EventLoop;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Children of one main class started ahead of need, so that {@link #fork()} hands out one whose JVM
 * is already up: a child's cold start (a JVM, its class loading) is paid before the request, not
 * during it. Node has no counterpart.
 *
 * <pre>{@code
 * ForkPool pool = ForkPool.create(ForkOptions.of(Job.class), 4);
 * ...
 * ChildProcess child = pool.fork();          // warm: its main is running; a replacement starts
 * child.onMessage(result -> ...);
 * child.send(job);
 * }</pre>
 *
 * <p>Children start in the background (the loop does not wait for a JVM to be spawned); a child
 * handed out before it has started reports pid 0 until its spawn event. A waiting child runs its
 * main class as far as it goes before its first message arrives
 * (typically: create a loop, take the parent port, listen); what it sends meanwhile waits in its
 * queue for whoever takes it. Waiting children do not keep the loop alive, and cost no CPU: their
 * channel threads have not started, and theirs sleep on a futex. A waiting child that dies is
 * replaced when found.
 *
 * <p><b>Threads:</b> create and use it on one loop thread; its children belong to that loop.
 */
public final class ForkPool implements AutoCloseable {

    /** How long after a hand-out its replacement starts. */
    static final long REFILL_DELAY_MILLIS = 100;

    private final EventLoop loop;
    private final ForkOptions options;
    private final int size;
    private final ArrayDeque<ChildProcess> waiting = new ArrayDeque<>();
    private boolean closed;

    private ForkPool(EventLoop loop, ForkOptions options, int size) {
        this.loop = loop;
        this.options = options;
        this.size = size;
    }

    /**
     * Starts {@code size} children of {@code options} on the calling loop.
     *
     * @param options what each child runs
     * @param size how many wait at a time, at least 1
     * @return the pool
     * @throws IllegalStateException off a loop thread
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public static ForkPool create(ForkOptions options, int size) {
        Objects.requireNonNull(options, "options");
        if (size < 1) {
            throw new IllegalArgumentException("pool size < 1: " + size);
        }
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "ForkPool.create must be called on a loop thread: its children's events run on that loop"));
        dev.loop.process.os.Native.warmUp(); // the parent's side of the first hand-out, too
        ForkPool pool = new ForkPool(loop, options, size);
        pool.refill();
        return pool;
    }

    /**
     * Hands out a waiting child, warm if one is, as {@link Processes#fork} would return it (its
     * spawn event follows), and starts a replacement in the background 100 ms later (so that the
     * replacement's JVM start does not compete for the CPU with the child just handed out). With
     * none waiting, starts one cold.
     *
     * @return the child
     * @throws IllegalStateException if the pool is closed, or off its loop's thread
     */
    public ChildProcess fork() {
        checkOpen();
        waiting.removeIf(ChildProcess::ended);
        // A warm child first; then one still starting (ahead of a cold start all the same).
        ChildProcess child = waiting.stream().filter(ChildProcess::warm).findFirst().orElse(waiting.peekFirst());
        if (child != null) {
            waiting.remove(child);
        } else {
            child = Processes.start(loop, options, true, null);
        }
        child.activate();
        child.abortOn(options.signal(), "SIGTERM");
        // The replacement starts a moment later, so that its JVM's start (a core or two, for a
        // few hundred milliseconds) does not compete with the child just handed out.
        loop.setTimeout(this::refillIfOpen, REFILL_DELAY_MILLIS).unref();
        return child;
    }

    /**
     * How many waiting children have their main class running and their parent port taken.
     *
     * @return the number, at most the pool's size
     */
    public int warm() {
        checkThread();
        return (int) waiting.stream().filter(ChildProcess::warm).count();
    }

    /**
     * Kills the waiting children (handed-out ones live on), whose exits then keep the loop alive
     * until they are handled; forking from the pool is refused after.
     */
    @Override
    public void close() {
        checkThread();
        closed = true;
        waiting.forEach(ChildProcess::discard);
        waiting.clear();
    }

    /**
     * The process ids of the waiting children that have started.
     *
     * @return the pids
     */
    public java.util.List<Long> pids() {
        checkThread();
        return waiting.stream().filter(c -> c.pid() != 0).map(ChildProcess::pid).toList();
    }

    /** The waiting children, for tests. */
    java.util.List<ChildProcess> waiting() {
        return java.util.List.copyOf(waiting);
    }

    private void refillIfOpen() {
        if (!closed) {
            refill();
        }
    }

    private void refill() {
        waiting.removeIf(ChildProcess::ended);
        while (waiting.size() < size) {
            try {
                waiting.addLast(Processes.start(loop, options, true, null));
            } catch (RuntimeException e) {
                // A full /dev/shm, say: fork() starts one cold meanwhile, and says why if it can't.
                System.getLogger(ForkPool.class.getName()).log(System.Logger.Level.WARNING,
                        "could not start a waiting child of " + options.mainClass() + ": " + e.getMessage(), e);
                return;
            }
        }
    }

    private void checkOpen() {
        checkThread();
        if (closed) {
            throw new IllegalStateException("the fork pool is closed");
        }
    }

    private void checkThread() {
        if (!loop.inLoop()) {
            throw new IllegalStateException("use a fork pool on its loop's thread, " + loop);
        }
    }
}
