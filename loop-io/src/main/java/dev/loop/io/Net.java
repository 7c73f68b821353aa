package dev.loop.io;

import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.TcpIo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Node's {@code net} on an event loop: TCP servers and sockets with events, write back pressure
 * ({@code write} returns false, then {@code drain}), half-close ({@code end}), idle timeouts, and
 * errors that carry their cause ({@link AddressAlreadyInUseException}, {@link ConnectionRefusedException},
 * {@link ConnectionResetException}).
 *
 * <pre>{@code
 * Server server = io.net().createServer(socket -> socket.onData(data -> socket.write(data))); // echo
 * server.listen(7000, "127.0.0.1").thenAccept(address -> System.out.println("on " + address));
 * }</pre>
 *
 * <p>Host names are resolved on the work pool, as libuv's {@code getaddrinfo} is, never on the loop
 * thread ({@link #lookup}, {@link IoOptions#withHostResolver}); address literals need no resolving.
 *
 * <p><b>Thread safety:</b> loop thread only: the methods throw {@link IllegalStateException} on
 * another thread, as do those of its servers and sockets; every event runs on the loop thread.
 */
public final class Net {

    private final EventLoop loop;
    private final TcpIo tcp;
    private final LoopThread thread;
    private final Lookup lookup;

    Net(EventLoop loop, TcpIo tcp, LoopThread thread, Lookup lookup) {
        this.loop = loop;
        this.tcp = tcp;
        this.thread = thread;
        this.lookup = lookup;
    }

    /**
     * The first address of {@code host} ({@code dns.lookup}), resolved on the work pool.
     *
     * @param host a host name or an address literal
     * @return a promise of the address, rejected with {@link HostNotFoundException} when the name
     *     has none
     */
    public Promise<InetAddress> lookup(String host) {
        return lookupAll(host).then(addresses -> addresses.get(0));
    }

    /**
     * Every address of {@code host} ({@code dns.lookup(host, {all: true})}), resolved on the work
     * pool.
     *
     * @param host a host name or an address literal
     * @return a promise of the addresses, in the resolver's order
     */
    public Promise<List<InetAddress>> lookupAll(String host) {
        Objects.requireNonNull(host, "host");
        thread.check("Net", "lookup");
        Promise.Resolvers<List<InetAddress>> result = loop.withResolvers();
        lookup.resolve(host, Completion.of(result::resolve, result::reject));
        return result.promise();
    }

    /**
     * A server that hands each accepted connection to {@code onConnection}
     * ({@code net.createServer}). It listens once {@link Server#listen} is called.
     *
     * @param onConnection receives each connection, already reading
     * @return the server
     */
    public Server createServer(Consumer<Socket> onConnection) {
        return createServer(ServerOptions.defaults(), onConnection);
    }

    /**
     * {@link #createServer(Consumer)} with {@code options} ({@code net.createServer(options, listener)}).
     *
     * @param options how the server treats its connections ({@link ServerOptions#allowHalfOpen})
     * @param onConnection receives each connection, already reading
     * @return the server
     */
    public Server createServer(ServerOptions options, Consumer<Socket> onConnection) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(onConnection, "onConnection");
        thread.check("Net", "createServer");
        return new Server(loop, tcp, thread, lookup, options, onConnection);
    }

    /**
     * Connects to {@code host:port} ({@code net.connect}). The socket is returned at once; a host
     * name is resolved on the work pool first, and its addresses are tried in order until one
     * accepts (Node 20's {@code autoSelectFamily}). Its {@link Socket#CONNECT} event comes when
     * connected, or {@link Socket#ERROR} ({@link ConnectionRefusedException},
     * {@link HostNotFoundException}...) and then {@link Socket#CLOSE} when not. Writes made before
     * wait for the connection.
     *
     * @param port the port
     * @param host the host name or address
     * @return the connecting socket
     */
    public Socket connect(int port, String host) {
        return connect(port, host, null);
    }

    /**
     * {@link #connect(int, String)} that {@code signal} can abort ({@code net.connect({signal})}):
     * when it aborts, before or after the connection is made, the socket is destroyed with an
     * {@link AbortError}, which its error event carries, and its close event follows.
     *
     * @param port the port
     * @param host the host name or address
     * @param signal aborts it; null for none
     * @return the connecting socket
     */
    public Socket connect(int port, String host, AbortSignal signal) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        thread.check("Net", "connect");
        Socket socket = new Socket(loop, tcp, thread);
        socket.resolving(InetSocketAddress.createUnresolved(host, port));
        if (signal != null) {
            socket.abortOn(signal);
        }
        lookup.resolve(host, Completion.of(
                addresses -> socket.connect(addresses.stream().map(address -> new InetSocketAddress(address, port)).toList()),
                socket::lookupFailed));
        return socket;
    }
}
