package dev.loop.io;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.api.Timeout;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.TcpConnection;
import dev.loop.io.spi.TcpIo;
import dev.loop.io.spi.TcpListener;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A TCP server ({@code net.Server}): {@link #listen} binds, each accepted connection goes to the
 * connection handler as a {@link Socket} that is already reading, and {@link #close} stops
 * accepting. While it listens it keeps the loop alive.
 *
 * <p>An error while accepting goes to {@link #onError}, and the server goes on accepting, as
 * Node's does: at once after an error of one connection, and after {@value #BACKOFF_MILLIS} ms when
 * the process or the system is out of file descriptors ({@link TooManyOpenFilesException}), to
 * let connections close and free some instead of failing again at once. Connections that wait
 * meanwhile stay in the system's listen queue.
 *
 * <p><b>Thread safety:</b> loop thread only: every method throws {@link IllegalStateException} on
 * another thread (hand the work over with {@code loop.execute}); every event runs on the loop
 * thread.
 */
public final class Server {

    /** How long accepting pauses after EMFILE or ENFILE. */
    static final long BACKOFF_MILLIS = 50;

    private final EventLoop loop;
    private final TcpIo tcp;
    private final LoopThread thread;
    private final Consumer<Socket> onConnection;
    private Consumer<Throwable> onError = error -> { };
    private TcpListener listener;
    private boolean listening;
    private boolean closing;
    private Promise.Resolvers<Void> closeWhenBound;
    /** Accepting again after fd exhaustion, while it waits; null otherwise. */
    private Timeout backoff;

    Server(EventLoop loop, TcpIo tcp, LoopThread thread, Consumer<Socket> onConnection) {
        this.loop = loop;
        this.tcp = tcp;
        this.thread = thread;
        this.onConnection = onConnection;
    }

    /**
     * Where errors go (the {@code 'error'} event): those of listening, and those of accepting,
     * after which the server accepts again (see above).
     *
     * @param handler receives the error
     * @return this server
     */
    public Server onError(Consumer<Throwable> handler) {
        thread.check("Server", "onError");
        this.onError = Objects.requireNonNull(handler, "handler");
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
        InetSocketAddress address = new InetSocketAddress(host, port);
        Promise.Resolvers<InetSocketAddress> result = loop.withResolvers();
        tcp.listen(address, 511, new Completion<TcpListener>() { // 511: Node's default backlog
            @Override
            public void succeeded(TcpListener bound) {
                listener = bound;
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
                result.reject(ErrnoExceptions.mapNet(error, "listen", address));
                if (closeWhenBound != null) {
                    closeWhenBound.resolve(null);
                    closeWhenBound = null;
                }
            }
        });
        return result.promise();
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
            socket.accepted(connection);
            onConnection.accept(socket);
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
            onError.accept(mapped);
        }));
    }

    private void acceptAfterBackoff() {
        backoff = null;
        if (!closing) {
            acceptNext();
        }
    }
}
