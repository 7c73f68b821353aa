package dev.loop.io.spi;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A backend's TCP operations, completion-style: see {@link IoBackend} for buffer ownership and
 * {@link Completion} for where results arrive. At most one read and one {@link #accept} may be
 * pending per socket; writes queue and complete in order. An accept completes with one connection;
 * whoever wants the next asks again, and a backend that asks the system for several at once when
 * they wait (NIO drains its listen queue per readiness event) delivers them through accepts asked
 * for from inside the previous one's completion.
 *
 * <p>Closing a socket fails every operation still pending on it with an
 * {@link dev.loop.io.ErrnoException} whose code is {@code ECANCELED}, each exactly once, before the
 * close itself completes.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
public interface TcpIo {

    /**
     * Binds and listens.
     *
     * @param address where; port 0 lets the system choose
     * @param backlog the accept queue's length
     * @param done receives the listener; fails with {@code EADDRINUSE} if the address is taken
     */
    void listen(InetSocketAddress address, int backlog, Completion<TcpListener> done);

    /**
     * Accepts the next connection.
     *
     * @param listener a listener of this backend
     * @param done receives the connection
     */
    void accept(TcpListener listener, Completion<TcpConnection> done);

    /**
     * Connects.
     *
     * @param address the peer
     * @param done receives the connection; fails with {@code ECONNREFUSED} if nobody listens
     */
    void connect(InetSocketAddress address, Completion<TcpConnection> done);

    /**
     * Reads what is available, at least one byte, into {@code into} (position to limit). The
     * buffer is the caller's for the whole wait: for a socket that may stay idle long, prefer
     * {@link #read(TcpConnection, Completion)}.
     *
     * @param connection the socket
     * @param into the buffer, owned by the backend until {@code done} runs
     * @param done receives the number of bytes read, or -1 when the peer ended its side;
     *     fails with {@code ECONNRESET} if the peer reset the connection
     */
    void read(TcpConnection connection, ByteBuffer into, Completion<Integer> done);

    /**
     * Reads what is available, at least one byte, into a buffer that the backend supplies (libuv's
     * {@code uv_read_start} with its allocation callback). The backend holds no buffer for the
     * connection while it waits, and reads into one of its own (a buffer shared by the loop's
     * sockets, or io_uring's provided buffers) only once data is there; so a connection that reads
     * all the time costs no read buffer while it is idle. At most one read of either kind may be
     * pending per socket.
     *
     * @param connection the socket
     * @param done receives a new buffer that holds exactly the bytes read, from position 0 to its
     *     limit, and belongs to the caller; an empty one when the peer ended its side; fails with
     *     {@code ECONNRESET} if the peer reset the connection
     */
    void read(TcpConnection connection, Completion<ByteBuffer> done);

    /**
     * Writes all of {@code from}'s remaining bytes.
     *
     * @param connection the socket
     * @param from the buffer, owned by the backend until {@code done} runs
     * @param done receives the number of bytes written, once all are handed to the system
     */
    void write(TcpConnection connection, ByteBuffer from, Completion<Integer> done);

    /**
     * Ends this side (half-close) once the writes queued before have completed.
     *
     * @param connection the socket
     * @param done runs when the FIN is sent
     */
    void shutdownOutput(TcpConnection connection, Completion<Void> done);

    /**
     * Sets {@code TCP_NODELAY} and {@code SO_KEEPALIVE}.
     *
     * @param connection the socket
     * @param noDelay whether to send small writes at once (no Nagle)
     * @param keepAlive whether to probe an idle connection
     */
    void configure(TcpConnection connection, boolean noDelay, boolean keepAlive);

    /**
     * Whether the connection's pending read keeps the loop alive (Node's {@code socket.ref()} and
     * {@code unref()}; libuv's active handle). An unreferenced connection's read does not count
     * toward the loop's liveness, but its writes, shutdown and connect still do, as libuv's
     * requests always do. It applies to the read pending now and to later ones, until changed.
     * Every backend must implement it: the default refuses.
     *
     * @param connection the socket
     * @param referenced false to let the loop end while only this socket's read is pending
     * @throws UnsupportedOperationException if the backend does not implement it
     */
    default void setReferenced(TcpConnection connection, boolean referenced) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement setReferenced for a"
                + " connection, so Socket.unref() cannot work with it; TcpConformance checks this");
    }

    /**
     * Whether the listener's pending accept keeps the loop alive (Node's {@code server.ref()} and
     * {@code unref()}), as {@link #setReferenced(TcpConnection, boolean)} for a read.
     *
     * @param listener the listener
     * @param referenced false to let the loop end while only this listener's accept is pending
     * @throws UnsupportedOperationException if the backend does not implement it
     */
    default void setReferenced(TcpListener listener, boolean referenced) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement setReferenced for a"
                + " listener, so Server.unref() cannot work with it; TcpConformance checks this");
    }

    /**
     * Closes a connection; pending operations fail with {@code ECANCELED} first.
     *
     * @param connection the socket
     * @param done runs when it is closed
     */
    void close(TcpConnection connection, Completion<Void> done);

    /**
     * Closes a listener; a pending accept fails with {@code ECANCELED} first.
     *
     * @param listener the listener
     * @param done runs when it is closed
     */
    void close(TcpListener listener, Completion<Void> done);
}
