package dev.loop.io;

import dev.loop.api.EventLoop;
import dev.loop.io.spi.IoBackend;
import dev.loop.io.spi.IoBackendProvider;

/**
 * An event loop with I/O: the loop, its backend (its poller), its work pool, and Node's APIs on
 * top. The loop belongs to the thread that calls {@link #create}, as {@link EventLoop#create()}'s
 * does.
 *
 * <pre>{@code
 * try (Io io = Io.create()) {
 *     io.loop().run(() -> io.fs().readFile(Path.of("notes.txt"), UTF_8)
 *             .thenAccept(text -> System.out.println(text.length())));
 * }
 * }</pre>
 *
 * <p><b>Thread safety:</b> the accessors may be called from any thread; {@link Fs} and
 * {@link Work} are loop-thread only, like the loop's own scheduling of I/O.
 */
public final class Io implements AutoCloseable {

    private final EventLoop loop;
    private final IoBackend backend;
    private final Work work;
    private final Fs fs;
    private final Net net;

    private Io(EventLoop loop, IoBackend backend, WorkRequests requests, WorkPool pool, HostResolver resolver) {
        this.loop = loop;
        this.backend = backend;
        this.work = new Work(loop, requests);
        this.fs = new Fs(loop, backend.files(), requests.thread());
        this.net = new Net(loop, backend.tcp(), requests.thread(), new Lookup(requests, resolver));
        loop.termination().whenComplete((ignored, error) -> pool.close()); // however the loop ends
    }

    /**
     * A loop with the best available backend (or the one {@value IoOptions#BACKEND_PROPERTY}
     * names) and a 4-thread work pool.
     *
     * @return the loop with I/O
     */
    public static Io create() {
        return create(IoOptions.defaults());
    }

    /**
     * A loop with I/O as {@code options} say.
     *
     * @param options the loop's options, the backend and the work pool
     * @return the loop with I/O
     * @throws IllegalArgumentException if the options name a backend that does not exist; the
     *     message lists the backends there are
     * @throws IllegalStateException if the named backend, or every backend, is unavailable here
     */
    public static Io create(IoOptions options) {
        IoBackendProvider provider = IoBackends.select(options.backend());
        WorkPool pool = new WorkPool(options, options.loop().name());
        WorkRequests[] requests = new WorkRequests[1];
        IoBackend[] backend = new IoBackend[1];
        try {
            EventLoop loop = EventLoop.create(options.loop().withPoller(loopSide -> {
                LoopThread thread = new LoopThread(options.loop().name(), loopSide.owner());
                requests[0] = new WorkRequests(loopSide, pool, options.whenWorkQueueFull(), thread);
                backend[0] = provider.create(requests[0]);
                return backend[0];
            }));
            return new Io(loop, backend[0], requests[0], pool, options.hostResolver());
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    /**
     * The loop.
     *
     * @return the loop
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Node's {@code fs}, on this loop.
     *
     * @return the file system API
     */
    public Fs fs() {
        return fs;
    }

    /**
     * Node's {@code net}, on this loop.
     *
     * @return the TCP API
     */
    public Net net() {
        return net;
    }

    /**
     * Work offload to this loop's work pool.
     *
     * @return the work API
     */
    public Work work() {
        return work;
    }

    /**
     * The backend itself, for backend conformance tests and for code that drives the SPI's
     * completion-style operations directly. Loop thread only, like every operation on it.
     *
     * @return the backend
     */
    public IoBackend ioBackend() {
        return backend;
    }

    /**
     * The name of the backend serving this loop, such as {@code nio}.
     *
     * @return the backend's name
     */
    public String backend() {
        return backend.name();
    }

    /** Closes the loop (see {@link EventLoop#close()}); the work pool stops with it. */
    @Override
    public void close() {
        loop.close();
    }
}
