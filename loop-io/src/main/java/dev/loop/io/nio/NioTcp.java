package dev.loop.io.nio;

import dev.loop.api.ResourceKind;
import dev.loop.io.OperationCanceledException;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.HandleLiveness;
import dev.loop.io.spi.IoResourceKinds;
import dev.loop.io.spi.TcpConnection;
import dev.loop.io.spi.TcpIo;
import dev.loop.io.spi.TcpListener;
import dev.loop.spi.PollerContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * TCP on a {@link Selector}: readiness becomes completions, as libuv's stream code does. Writes
 * are tried at once and queue only what the socket does not take; reads wait for readiness. Each
 * pending operation counts as a request, so a listening server or a reading socket keeps the loop
 * alive. Completions of operations finished at once go to the pending phase.
 *
 * <p>Implementation overview. Reads and accepts follow libuv's {@code uv__read} and
 * {@code uv__server_io}:
 * <ul>
 *   <li>A read whose buffer the backend supplies ({@link #read(TcpConnection, Completion)}) waits
 *       for {@code OP_READ} holding no buffer at all; when the socket is readable it reads into the
 *       loop's one shared buffer ({@code sharedRead()}) and hands over a copy of exactly the bytes read, as
 *       libuv's allocation callback lets Node read every socket of a loop into one 64 KiB slab.
 *       So an idle connection costs its objects and no read buffer ({@code IdleConnectionHeapTest}
 *       measures it). The copy is made before the completion runs, so the buffer is free again
 *       when the next socket of the same poll is read.</li>
 *   <li>A readiness event of a listener accepts until the kernel's queue is empty or
 *       {@link #ACCEPT_BUDGET} connections were taken: each accept completes (in this poll
 *       phase), its completion asks for the next one before it returns, and the loop goes on
 *       while one is asked for. {@code OP_ACCEPT} stays on meanwhile, and goes off only when
 *       nobody asks ({@code NetTest.queuedConnectionsAreAllAcceptedInOnePollPhase}). A failed
 *       accept, such as EMFILE, completes that accept with the error; whoever asked decides when
 *       to ask again.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class NioTcp implements TcpIo {

    /**
     * Connections one readiness event of a listener accepts at most. libuv accepts until the
     * queue is empty; the budget keeps a flood on one listener from starving the loop's other
     * sockets and timers for long. What is left is still ready at the next poll.
     */
    static final int ACCEPT_BUDGET = 128;

    /** The size of the loop's shared read buffer: what one read takes at most (Node's 64 KiB). */
    static final int SHARED_READ_BYTES = 64 * 1024;

    /** Implemented by channel states; the backend calls it for each selected key. */
    interface Ready {
        void ready(SelectionKey key);
    }

    private record Pending<T>(ByteBuffer buffer, Completion<T> done, int[] written) { }

    /** A read waiting for readiness. */
    private sealed interface PendingRead permits IntoCaller, IntoShared {
        Completion<?> done();
    }

    /** Into the caller's buffer; completes with the count. */
    private record IntoCaller(ByteBuffer buffer, Completion<Integer> done) implements PendingRead { }

    /** Into the loop's shared buffer; completes with a copy of the bytes read. */
    private record IntoShared(Completion<ByteBuffer> done) implements PendingRead { }

    /** A connection: its channel, and the operations waiting for readiness. */
    final class Socket implements TcpConnection, Ready {
        final SocketChannel channel;
        final HandleLiveness liveness = new HandleLiveness(loop, IoResourceKinds.TCP_SOCKET);
        SelectionKey key;
        Completion<TcpConnection> connecting;
        PendingRead reading;
        final ArrayDeque<Pending<Integer>> writes = new ArrayDeque<>();
        Completion<Void> shutdownAfterWrites;
        boolean closed;

        Socket(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public InetSocketAddress localAddress() {
            try {
                return (InetSocketAddress) channel.getLocalAddress();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public InetSocketAddress remoteAddress() {
            try {
                return (InetSocketAddress) channel.getRemoteAddress();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public void ready(SelectionKey ready) {
            if (!ready.isValid()) {
                return;
            }
            if (ready.isConnectable()) {
                finishConnect();
            }
            if (ready.isValid() && ready.isWritable()) {
                flush(true);
            }
            if (ready.isValid() && ready.isReadable() && reading != null) {
                readNow();
            }
            updateInterest();
        }

        private void finishConnect() {
            Completion<TcpConnection> done = connecting;
            connecting = null;
            try {
                channel.finishConnect();
            } catch (IOException e) {
                closeQuietly(this);
                finish(() -> done.failed(e));
                return;
            }
            finish(() -> done.succeeded(this));
        }

        private void readNow() {
            PendingRead read = reading;
            ByteBuffer into = read instanceof IntoCaller caller ? caller.buffer() : sharedRead().clear();
            int n;
            try {
                n = channel.read(into);
            } catch (IOException e) {
                reading = null;
                finish(() -> read.done().failed(e));
                return;
            }
            if (n == 0) {
                return; // spurious readiness: keep waiting
            }
            reading = null;
            switch (read) {
                case IntoCaller(ByteBuffer _, Completion<Integer> done) -> finish(() -> done.succeeded(n));
                case IntoShared(Completion<ByteBuffer> done) -> {
                    byte[] bytes = new byte[Math.max(n, 0)]; // empty: the peer ended its side
                    into.get(0, bytes);
                    finish(() -> done.succeeded(ByteBuffer.wrap(bytes)));
                }
            }
        }

        /**
         * Writes queued buffers while the socket takes them; completes each when fully written, in
         * this poll phase when called for readiness, else in the next pending phase.
         */
        void flush(boolean fromReadiness) {
            while (!writes.isEmpty()) {
                Pending<Integer> write = writes.peek();
                try {
                    write.written()[0] += channel.write(write.buffer());
                } catch (IOException e) {
                    writes.poll();
                    complete(fromReadiness, () -> write.done().failed(e));
                    continue;
                }
                if (write.buffer().hasRemaining()) {
                    return; // the socket is full: wait for OP_WRITE
                }
                writes.poll();
                int total = write.written()[0];
                complete(fromReadiness, () -> write.done().succeeded(total));
            }
            if (shutdownAfterWrites != null) {
                Completion<Void> done = shutdownAfterWrites;
                shutdownAfterWrites = null;
                shutdownNow(done, fromReadiness);
            }
        }

        void shutdownNow(Completion<Void> done, boolean fromReadiness) {
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                complete(fromReadiness, () -> done.failed(e));
                return;
            }
            complete(fromReadiness, () -> done.succeeded(null));
        }

        void updateInterest() {
            if (closed || key == null || !key.isValid()) {
                return;
            }
            int ops = 0;
            if (connecting != null) {
                ops |= SelectionKey.OP_CONNECT;
            }
            if (reading != null) {
                ops |= SelectionKey.OP_READ;
            }
            if (!writes.isEmpty()) {
                ops |= SelectionKey.OP_WRITE;
            }
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }
    }

    /** A listener, and the accept waiting for a connection. */
    final class Server implements TcpListener, Ready {
        final ServerSocketChannel channel;
        final HandleLiveness liveness = new HandleLiveness(loop, IoResourceKinds.TCP_SERVER);
        final InetSocketAddress address;
        SelectionKey key;
        Completion<TcpConnection> accepting;
        boolean closed;

        Server(ServerSocketChannel channel) throws IOException {
            this.channel = channel;
            this.address = (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        /** Accepts while connections wait and an accept is asked for, up to the budget (see the overview). */
        @Override
        public void ready(SelectionKey ready) {
            for (int i = 0; i < ACCEPT_BUDGET && accepting != null && ready.isValid() && ready.isAcceptable(); i++) {
                if (!acceptNow()) {
                    break; // the queue is empty
                }
            }
            updateInterest();
        }

        /** Completes the pending accept with a connection or an error; false if none was waiting. */
        private boolean acceptNow() {
            Completion<TcpConnection> done = accepting;
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                accepting = null;
                finish(() -> done.failed(e));
                return true;
            }
            if (accepted == null) {
                return false; // nothing waits (any more)
            }
            accepting = null;
            try {
                Socket socket = register(accepted);
                finish(() -> done.succeeded(socket));
            } catch (IOException e) {
                try {
                    accepted.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                finish(() -> done.failed(e));
            }
            return true;
        }

        void updateInterest() {
            if (closed || !key.isValid()) {
                return;
            }
            int ops = accepting != null ? SelectionKey.OP_ACCEPT : 0;
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }
    }

    private final NioBackend backend;
    private final Selector selector;
    private final PollerContext loop;
    /** The loop's one buffer for reads into a backend-supplied buffer; allocated by the first. */
    private ByteBuffer sharedRead;

    NioTcp(NioBackend backend, Selector selector, PollerContext loop) {
        this.backend = backend;
        this.selector = selector;
        this.loop = loop;
    }

    @Override
    public void listen(InetSocketAddress address, int backlog, Completion<TcpListener> done) {
        assert backend.inLoop();
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, backlog);
            Server server = new Server(channel);
            server.key = channel.register(selector, 0, server);
            later(() -> done.succeeded(server));
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            later(() -> done.failed(e));
        }
    }

    @Override
    public void accept(TcpListener listener, Completion<TcpConnection> done) {
        assert backend.inLoop();
        Server server = server(listener);
        if (server.closed) {
            later(() -> done.failed(new ClosedChannelException()));
            return;
        }
        if (server.accepting != null) {
            throw new IllegalStateException("an accept is already pending on " + server.address);
        }
        server.liveness.started();
        server.accepting = finishing(server.liveness, done);
        server.updateInterest(); // no change when asked from the completion of a readiness event's accept
    }

    @Override
    public void connect(InetSocketAddress address, Completion<TcpConnection> done) {
        assert backend.inLoop();
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            Socket socket = new Socket(channel);
            socket.key = channel.register(selector, 0, socket);
            boolean connected = channel.connect(address);
            loop.requestStarted(IoResourceKinds.TCP_CONNECT); // only once the connect is under way: a failure above must not count
            Completion<TcpConnection> counted = counted(IoResourceKinds.TCP_CONNECT, done);
            if (connected) {
                later(() -> counted.succeeded(socket));
            } else {
                socket.connecting = counted;
                socket.updateInterest();
            }
        } catch (IOException | RuntimeException e) { // RuntimeException: an unresolved address
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                backend.released();
            }
            later(() -> done.failed(e));
        }
    }

    @Override
    public void read(TcpConnection connection, ByteBuffer into, Completion<Integer> done) {
        assert backend.inLoop();
        Socket socket = readable(connection, done);
        if (socket != null) {
            socket.reading = new IntoCaller(into, finishing(socket.liveness, done));
            socket.updateInterest();
        }
    }

    @Override
    public void read(TcpConnection connection, Completion<ByteBuffer> done) {
        assert backend.inLoop();
        Socket socket = readable(connection, done);
        if (socket != null) {
            socket.reading = new IntoShared(finishing(socket.liveness, done));
            socket.updateInterest();
        }
    }

    /**
     * The socket a read may start on, counted as a request while it is referenced; null if it is closed, and then
     * {@code done} fails in the next pending phase.
     *
     * @throws IllegalStateException if a read is already pending
     */
    private Socket readable(TcpConnection connection, Completion<?> done) {
        Socket socket = socket(connection);
        if (socket.closed) {
            later(() -> done.failed(new ClosedChannelException()));
            return null;
        }
        if (socket.reading != null) {
            throw new IllegalStateException("a read is already pending on this connection");
        }
        socket.liveness.started();
        return socket;
    }

    /**
     * The loop's shared read buffer. Direct, so that a read fills it without the JDK's temporary
     * buffer in between, and copied out of before any completion runs.
     */
    private ByteBuffer sharedRead() {
        if (sharedRead == null) {
            sharedRead = ByteBuffer.allocateDirect(SHARED_READ_BYTES);
        }
        return sharedRead;
    }

    @Override
    public void write(TcpConnection connection, ByteBuffer from, Completion<Integer> done) {
        assert backend.inLoop();
        Socket socket = socket(connection);
        if (socket.closed) {
            later(() -> done.failed(new ClosedChannelException()));
            return;
        }
        loop.requestStarted(IoResourceKinds.TCP_WRITE);
        socket.writes.add(new Pending<>(from, counted(IoResourceKinds.TCP_WRITE, done), new int[1]));
        if (socket.writes.size() == 1) {
            socket.flush(false); // try at once, as libuv's uv_write does
        }
        socket.updateInterest();
    }

    @Override
    public void shutdownOutput(TcpConnection connection, Completion<Void> done) {
        assert backend.inLoop();
        Socket socket = socket(connection);
        if (socket.closed) {
            later(() -> done.failed(new ClosedChannelException()));
            return;
        }
        loop.requestStarted(IoResourceKinds.TCP_SHUTDOWN);
        Completion<Void> counted = counted(IoResourceKinds.TCP_SHUTDOWN, done);
        if (socket.writes.isEmpty()) {
            socket.shutdownNow(counted, false);
        } else {
            socket.shutdownAfterWrites = counted;
        }
    }

    @Override
    public void setReferenced(TcpConnection connection, boolean referenced) {
        assert backend.inLoop();
        Socket socket = socket(connection);
        socket.liveness.set(referenced, socket.reading != null);
    }

    @Override
    public void setReferenced(TcpListener listener, boolean referenced) {
        assert backend.inLoop();
        Server server = server(listener);
        server.liveness.set(referenced, server.accepting != null);
    }

    @Override
    public void configure(TcpConnection connection, boolean noDelay, boolean keepAlive) {
        assert backend.inLoop();
        Socket socket = socket(connection);
        try {
            socket.channel.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
            socket.channel.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("setting TCP_NODELAY/SO_KEEPALIVE failed", e);
        }
    }

    @Override
    public void close(TcpConnection connection, Completion<Void> done) {
        assert backend.inLoop();
        Socket socket = socket(connection);
        if (!socket.closed) {
            socket.closed = true;
            cancel(socket.connecting);
            socket.connecting = null;
            if (socket.reading != null) {
                cancel(socket.reading.done());
                socket.reading = null;
            }
            for (Pending<Integer> write : socket.writes) {
                cancel(write.done());
            }
            socket.writes.clear();
            cancel(socket.shutdownAfterWrites);
            socket.shutdownAfterWrites = null;
        }
        closeChannel(socket.key, socket.channel, done);
    }

    @Override
    public void close(TcpListener listener, Completion<Void> done) {
        assert backend.inLoop();
        Server server = server(listener);
        if (!server.closed) {
            server.closed = true;
            cancel(server.accepting);
            server.accepting = null;
        }
        closeChannel(server.key, server.channel, done);
    }

    private void closeChannel(SelectionKey key, java.nio.channels.Channel channel, Completion<Void> done) {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            later(() -> done.failed(e));
            return;
        } finally {
            backend.released();
        }
        later(() -> done.succeeded(null));
    }

    private void closeQuietly(Socket socket) {
        socket.closed = true;
        if (socket.key != null) {
            socket.key.cancel();
        }
        try {
            socket.channel.close();
        } catch (IOException ignored) {
            // closing after a failed connect; the connect's error is the one to report
        }
        backend.released();
    }

    private Socket register(SocketChannel accepted) throws IOException {
        accepted.configureBlocking(false);
        Socket socket = new Socket(accepted);
        socket.key = accepted.register(selector, 0, socket);
        return socket;
    }

    /** Fails a pending operation because its socket closed: ECANCELED, in the pending phase. */
    private void cancel(Completion<?> pending) {
        if (pending != null) {
            later(() -> pending.failed(new OperationCanceledException("the socket was closed while the operation was pending", null)));
        }
    }

    /** The completion of a read or accept, which leaves the handle's liveness count before it reports. */
    private static <T> Completion<T> finishing(HandleLiveness liveness, Completion<T> done) {
        return Completion.of(result -> {
            liveness.finished();
            done.succeeded(result);
        }, error -> {
            liveness.finished();
            done.failed(error);
        });
    }

    /** A completion that ends its request (the loop's liveness count) before it reports. */
    private <T> Completion<T> counted(ResourceKind kind, Completion<T> done) {
        return Completion.of(result -> {
            loop.requestFinished(kind);
            done.succeeded(result);
        }, error -> {
            loop.requestFinished(kind);
            done.failed(error);
        });
    }

    private void complete(boolean fromReadiness, Runnable completion) {
        if (fromReadiness) {
            finish(completion);
        } else {
            later(completion);
        }
    }

    /** A completion from readiness: a poll-phase callback. */
    private void finish(Runnable completion) {
        loop.invoke(completion);
    }

    /** A completion of something finished at once: the next pending phase (libuv's uv__io_feed). */
    private void later(Runnable completion) {
        loop.deferPending(completion);
    }

    private static Socket socket(TcpConnection connection) {
        if (!(connection instanceof Socket socket)) {
            throw new IllegalArgumentException("not a connection of the NIO backend: " + connection);
        }
        return socket;
    }

    private static Server server(TcpListener listener) {
        if (!(listener instanceof Server server)) {
            throw new IllegalArgumentException("not a listener of the NIO backend: " + listener);
        }
        return server;
    }
}
