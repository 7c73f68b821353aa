package dev.loop.io;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
import dev.loop.api.Promise;
import dev.loop.api.Timeout;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.TcpConnection;
import dev.loop.io.spi.TcpIo;
import dev.loop.io.spi.TcpListener;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A TCP server ({@code net.Server}): {@link #listen} binds, each accepted connection goes to the
 * connection handler as a {@link Socket} that is already reading, and {@link #close} stops
 * accepting. While it listens it keeps the loop alive.
 *
 * <p>Events, as Node's: {@link #CONNECTION} and {@link #ERROR}, with listeners added in order
 * ({@link EventSource}); the listener given to {@code createServer} is the first connection
 * listener. An error nobody listens for is dropped.
 *
 * <p>An error while accepting goes to the {@link #ERROR} listeners, and the server goes on accepting, as
 * Node's does: at once after an error of one connection, and after {@value #BACKOFF_MILLIS} ms when
 * the process or the system is out of file descriptors ({@link TooManyOpenFilesException}), to
 * let connections close and free some instead of failing again at once. Connections that wait
 * meanwhile stay in the system's listen queue.
 *
 * <p><b>Thread safety:</b> loop thread only: every method throws {@link IllegalStateException} on
 * another thread (hand the work over with {@code loop.execute}); every event runs on the loop
 * thread.
 */
public final class Server implements EventSource {

    /** An accepted connection ({@code 'connection'}), already reading. */
    public static final Event<Socket> CONNECTION = Event.named("connection");
    /** An error of listening or accepting ({@code 'error'}); after one of accepting it accepts again. */
    public static final Event<Throwable> ERROR = Event.named("error");

    /** How long accepting pauses after EMFILE or ENFILE. */
    static final long BACKOFF_MILLIS = 50;

    private final EventLoop loop;
    private final TcpIo tcp;
    private final LoopThread thread;
    private final Lookup lookup;
    private final ServerOptions options;
    private final Emitter events = new Emitter();
    /** The accepted connections not yet closed, in the order they came. */
    private final Set<Socket> connections = new LinkedHashSet<>();
    private TcpListener listener;
    private boolean listening;
    private boolean referenced = true;
    private boolean closing;
    private Promise.Resolvers<Void> closeWhenBound;
    /** Accepting again after fd exhaustion, while it waits; null otherwise. */
    private Timeout backoff;

    Server(EventLoop loop, TcpIo tcp, LoopThread thread, Lookup lookup, ServerOptions options,
            Consumer<Socket> onConnection) {
        this.loop = loop;
        this.tcp = tcp;
        this.thread = thread;
        this.lookup = lookup;
        this.options = options;
        events.on(CONNECTION, onConnection);
    }

    @Override
    public Emitter emitter() {
        thread.check("Server", "emitter");
        return events;
    }

    /**
     * Adds a listener of {@link #CONNECTION}.
     *
     * @param listener receives each connection, already reading
     * @return this server
     */
    public Server onConnection(Consumer<Socket> listener) {
        thread.check("Server", "onConnection");
        on(CONNECTION, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #ERROR}: errors of listening, and of accepting, after which the
     * server accepts again (see above).
     *
     * @param listener receives the error
     * @return this server
     */
    public Server onError(Consumer<Throwable> listener) {
        thread.check("Server", "onError");
        on(ERROR, listener);
        return this;
    }

    /**
     * Binds and starts accepting ({@code server.listen(port, host)}).
     *
     * @param port the port, 0 to let the system choose
     * @param host the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
     * @return the address it listens on; rejected with {@link AddressAlreadyInUseException} if it is taken
     */
    public Promise<InetSocketAddress> listen(int port, String host) {
        Objects.requireNonNull(host, "host");
        thread.check("Server", "listen");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (listening) {
            throw new IllegalStateException("this server already listens" + (listener == null ? "" : " on " + listener.localAddress())
                    + "; create another");
        }
        listening = true;
        Promise.Resolvers<InetSocketAddress> result = loop.withResolvers();
        lookup.resolve(host, Completion.of(addresses -> bind(new InetSocketAddress(addresses.get(0), port), result),
                error -> notBound(error, result)));
        return result.promise();
    }

    private void bind(InetSocketAddress address, Promise.Resolvers<InetSocketAddress> result) {
        tcp.listen(address, 511, new Completion<TcpListener>() { // 511: Node's default backlog
            @Override
            public void succeeded(TcpListener bound) {
                listener = bound;
                if (!referenced) {
                    tcp.setReferenced(bound, false); // unref'd while it bound
                }
                result.resolve(bound.localAddress());
                if (closeWhenBound != null) { // close() came while it was binding
                    closeListener(closeWhenBound);
                    closeWhenBound = null;
                } else {
                    acceptNext();
                }
            }

            @Override
            public void failed(Throwable error) {
                notBound(ErrnoExceptions.mapNet(error, "listen", address), result);
            }
        });
    }

    /** Its name could not be resolved or its address bound: listen rejects, and a close waiting for it is done. */
    private void notBound(Throwable error, Promise.Resolvers<InetSocketAddress> result) {
        listening = false; // listen may be called again, and a close has nothing to wait for
        result.reject(error);
        if (closeWhenBound != null) {
            closeWhenBound.resolve(null);
            closeWhenBound = null;
        }
    }

    /**
     * Lets the loop end while this server only waits for connections ({@code server.unref()}).
     *
     * @return this server
     */
    public Server unref() {
        thread.check("Server", "unref");
        return referenced(false);
    }

    /**
     * Lets its listening keep the loop alive again (the default).
     *
     * @return this server
     */
    public Server ref() {
        thread.check("Server", "ref");
        return referenced(true);
    }

    private Server referenced(boolean ref) {
        referenced = ref;
        if (listener != null && !closing) {
            tcp.setReferenced(listener, ref);
        }
        return this;
    }

    /**
     * The address it listens on.
     *
     * @return the address, or null before {@link #listen} completed
     */
    public InetSocketAddress address() {
        thread.check("Server", "address");
        return listener == null ? null : listener.localAddress();
    }

    /**
     * How many accepted connections are open ({@code server.getConnections()}).
     *
     * @return the count
     */
    public int connectionCount() {
        thread.check("Server", "connectionCount");
        return connections.size();
    }

    /**
     * Destroys every accepted connection that is still open, as {@link Socket#destroy()} does
     * (Node's http {@code server.closeAllConnections()}): queued writes are dropped, and each
     * socket's close event follows. With {@link #close()}, a clean shutdown that waits for no
     * client.
     */
    public void closeAllConnections() {
        thread.check("Server", "closeAllConnections");
        for (Socket socket : List.copyOf(connections)) {
            socket.destroy();
        }
    }

    /**
     * Stops accepting ({@code server.close()}); connections already accepted go on.
     *
     * @return settles when the listening socket is closed
     */
    public Promise<Void> close() {
        thread.check("Server", "close");
        Promise.Resolvers<Void> result = loop.withResolvers();
        if (closing || !listening) {
            result.resolve(null);
            return result.promise();
        }
        closing = true;
        if (backoff != null) {
            backoff.close();
            backoff = null;
        }
        if (listener == null) {
            closeWhenBound = result; // still binding: close as soon as it is bound
            return result.promise();
        }
        closeListener(result);
        return result.promise();
    }

    private void closeListener(Promise.Resolvers<Void> result) {
        assert thread.isCurrent();
        tcp.close(listener, Completion.of(ignored -> {
            result.resolve(null);
        }, error -> {
            result.reject(ErrnoExceptions.mapNet(error, "close", listener.localAddress()));
        }));
    }

    private void acceptNext() {
        assert thread.isCurrent();
        tcp.accept(listener, Completion.of(connection -> {
            if (!closing) {
                acceptNext();
            }
            Socket socket = new Socket(loop, tcp, thread);
            socket.setAllowHalfOpen(options.allowHalfOpen());
            socket.accepted(connection);
            connections.add(socket);
            socket.on(Socket.CLOSE, hadError -> connections.remove(socket));
            events.emit(CONNECTION, socket);
        }, error -> {
            if (closing) {
                return; // the close cancelled the accept
            }
            Throwable mapped = ErrnoExceptions.mapNet(error, "accept", listener.localAddress());
            // ask again before reporting: a handler that throws must not stop accepting
            if (mapped instanceof TooManyOpenFilesException) {
                backoff = loop.setTimeout(this::acceptAfterBackoff, BACKOFF_MILLIS);
            } else {
                acceptNext();
            }
            events.emit(ERROR, mapped);
        }));
    }

    private void acceptAfterBackoff() {
        backoff = null;
        if (!closing) {
            acceptNext();
        }
    }
}
