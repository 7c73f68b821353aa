package dev.loop.io;

import dev.loop.api.EventLoop;
import dev.loop.io.spi.TcpIo;
import java.net.InetSocketAddress;
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
 * <p><b>Thread safety:</b> loop thread only: the methods throw {@link IllegalStateException} on
 * another thread, as do those of its servers and sockets; every event runs on the loop thread.
 */
public final class Net {

    private final EventLoop loop;
    private final TcpIo tcp;
    private final LoopThread thread;

    Net(EventLoop loop, TcpIo tcp, LoopThread thread) {
        this.loop = loop;
        this.tcp = tcp;
        this.thread = thread;
    }

    /**
     * A server that hands each accepted connection to {@code onConnection}
     * ({@code net.createServer}). It listens once {@link Server#listen} is called.
     *
     * @param onConnection receives each connection, already reading
     * @return the server
     */
    public Server createServer(Consumer<Socket> onConnection) {
        Objects.requireNonNull(onConnection, "onConnection");
        thread.check("Net", "createServer");
        return new Server(loop, tcp, thread, onConnection);
    }

    /**
     * Connects to {@code host:port} ({@code net.connect}). The socket is returned at once; its
     * {@link Socket#onConnect} event runs when connected, or {@link Socket#onError} with
     * {@link ConnectionRefusedException} and then {@link Socket#onClose} when not.
     *
     * @param port the port
     * @param host the host name or address
     * @return the connecting socket
     */
    public Socket connect(int port, String host) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        thread.check("Net", "connect");
        Socket socket = new Socket(loop, tcp, thread);
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }
}
