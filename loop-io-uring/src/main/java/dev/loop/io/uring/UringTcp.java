package dev.loop.io.uring;

import dev.loop.io.OperationCanceledException;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.HandleLiveness;
import dev.loop.io.spi.IoResourceKinds;
import dev.loop.io.spi.TcpConnection;
import dev.loop.io.spi.TcpIo;
import dev.loop.io.spi.TcpListener;
import dev.loop.io.uring.Syscalls.NativeException;
import dev.loop.spi.PollerContext;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * TCP on the ring. A listener keeps one multishot accept armed, which drains the kernel's queue
 * as connections come and queues them until the loop asks; connect, receive, send and shutdown
 * are io_uring operations. A read into the backend's buffer lets the kernel pick one from a ring
 * of provided buffers ({@link BufferRing}) only when data arrives, and hands over a copy of
 * exactly the bytes read. Sends go one at a time per socket, so they stay in order, and what the
 * kernel did not take is sent again. Socket creation, bind and listen are plain system calls, as
 * they never block.
 *
 * <p>Liveness follows the NIO backend's: a pending read or accept counts while its handle is
 * referenced; connects, writes and shutdowns always count. Closing a socket fails what is pending
 * on it, each exactly once with ECANCELED in the next pending phase, cancels its operations in
 * the kernel, and closes its descriptor; the cancelled operations' own completions only free
 * their memory.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class UringTcp implements TcpIo {

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_KEEPALIVE = 9;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_NODELAY = 1;
    private static final int SHUT_WR = 1;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SOCKADDR_SIZE = 28;
    /** Provided buffers for reads into the backend's buffer: Node's 64 KiB per read. */
    private static final int READ_BUFFER = 64 * 1024;
    private static final int READ_BUFFERS = 32;
    private static final int READ_GROUP = 1;
    /**
     * Connections a listener takes from the kernel before anyone asks for them; past this its
     * multishot accept is cancelled, and the rest wait in the kernel's backlog (as they do for a
     * libuv server whose user stopped accepting) until an accept asks again.
     */
    private static final int ACCEPT_QUEUE = 128;

    private final UringBackend backend;
    private final PollerContext loop;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment errno = Syscalls.errnoSegment(arena);
    private final MemorySegment scratchAddress = arena.allocate(SOCKADDR_SIZE, 8);
    private final MemorySegment scratchLength = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment scratchInt = arena.allocate(ValueLayout.JAVA_INT);
    /** Made by the first read into the backend's buffer. */
    private BufferRing readBuffers;
    /** The descriptors of every socket and listener not closed yet: the backend closes them with the loop. */
    private final java.util.Set<Integer> open = new java.util.HashSet<>();

    UringTcp(UringBackend backend) {
        this.backend = backend;
        this.loop = backend.loop();
    }

    /** An operation of a socket or listener whose caller's completion runs exactly once. */
    private abstract class SocketOp<T> extends Op {
        final Completion<T> done;
        /** Settled: the caller has been (or is being) told; a later completion only frees memory. */
        boolean settled;
        Arena memory;

        SocketOp(Completion<T> done) {
            this.done = done;
        }

        /** Tells the caller, in the poll phase, unless it was told already. */
        void succeed(T value) {
            if (!settled) {
                settled = true;
                loop.invoke(() -> {
                    finished();
                    done.succeeded(value);
                });
            }
        }

        void fail(Throwable error) {
            if (!settled) {
                settled = true;
                loop.invoke(() -> {
                    finished();
                    done.failed(error);
                });
            }
        }

        /** Fails the caller in the next pending phase: for a failure inside the call that started it. */
        void failLater(Throwable error) {
            if (!settled) {
                settled = true;
                loop.deferPending(() -> {
                    finished();
                    done.failed(error);
                });
            }
        }

        /** Fails the caller with ECANCELED in the next pending phase: its socket closed. */
        void cancel() {
            if (!settled) {
                settled = true;
                loop.deferPending(() -> {
                    finished();
                    done.failed(new OperationCanceledException("the socket was closed while the operation was pending", null));
                });
            }
        }

        /** Leaves the loop's count, before the caller hears. */
        abstract void finished();

        /** A pooled native buffer this operation holds, given back by {@link #free}. */
        MemorySegment pooled;

        void free() {
            if (memory != null) {
                memory.close();
                memory = null;
            }
            if (pooled != null) {
                backend.buffers().give(pooled);
                pooled = null;
            }
        }
    }

    /** A connection. */
    private final class Socket implements TcpConnection {
        final int fd;
        final HandleLiveness liveness = new HandleLiveness(loop, IoResourceKinds.TCP_SOCKET);
        InetSocketAddress local;
        InetSocketAddress remote;
        ConnectOp connecting;
        /** The pending read: into the caller's buffer, or into the backend's. */
        SocketOp<?> reading;
        /** Set by close while the kernel finishes with what it cancelled. */
        Closing closing;
        /** The armed multishot receive, if any. */
        Receiving receiving;
        /** Chunks (byte[]) that arrived while nobody read, in order. */
        final ArrayDeque<byte[]> received = new ArrayDeque<>();
        /** Once the receive ended for good: an empty array for the end, or the error. */
        Object receiveEnded;
        final ArrayDeque<SendOp> writes = new ArrayDeque<>();
        ShutdownOp shutdownAfterWrites;
        boolean closed;
        /** Its descriptor is closed: the number may already name another socket, so it is never closed again. */
        boolean released;

        Socket(int fd) {
            this.fd = fd;
            open.add(fd);
        }

        @Override
        public InetSocketAddress localAddress() {
            if (local == null && !closed) {
                local = name(fd, false);
            }
            return local;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            if (remote == null && !closed) {
                remote = name(fd, true);
            }
            return remote;
        }
    }

    /** A listener, its armed multishot accept, and the connections it took that nobody asked for yet. */
    private final class Server implements TcpListener {
        final int fd;
        final InetSocketAddress address;
        final HandleLiveness liveness = new HandleLiveness(loop, IoResourceKinds.TCP_SERVER);
        final ArrayDeque<Integer> accepted = new ArrayDeque<>();
        Completion<TcpConnection> accepting;
        AcceptOp armed;
        boolean closed;
        boolean released;

        Server(int fd, InetSocketAddress address) {
            this.fd = fd;
            this.address = address;
            open.add(fd);
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }
    }

    // ---------------------------------------------------------------- listen and accept

    @Override
    public void listen(InetSocketAddress address, int backlog, Completion<TcpListener> done) {
        assert backend.inLoop();
        int fd = -1;
        try {
            int length = encode(address, scratchAddress);
            fd = check(Syscalls.socket(errno, family(address), SOCK_STREAM | SOCK_CLOEXEC));
            scratchInt.set(ValueLayout.JAVA_INT, 0, 1);
            check(Syscalls.setsockopt(errno, fd, SOL_SOCKET, SO_REUSEADDR, scratchInt));
            check(Syscalls.bind(errno, fd, scratchAddress, length));
            check(Syscalls.listen(errno, fd, backlog));
            Server server = new Server(fd, name(fd, false));
            loop.deferPending(() -> done.succeeded(server));
        } catch (IOException e) {
            if (fd >= 0) {
                Syscalls.close(errno, fd);
            }
            loop.deferPending(() -> done.failed(e));
        }
    }

    @Override
    public void accept(TcpListener listener, Completion<TcpConnection> done) {
        assert backend.inLoop();
        Server server = server(listener);
        if (server.closed) {
            loop.deferPending(() -> done.failed(new ClosedChannelException()));
            return;
        }
        if (server.accepting != null) {
            throw new IllegalStateException("an accept is already pending on " + server.address);
        }
        server.liveness.started();
        if (!server.accepted.isEmpty()) {
            // one the listener queued: handed over in the next pending phase, never inside this call
            int fd = server.accepted.poll();
            if (server.accepted.isEmpty() && server.armed == null) {
                arm(server); // it was cancelled with a full queue: take the backlog's connections again
            }
            loop.deferPending(() -> {
                server.liveness.finished();
                if (server.closed) {
                    open.remove(fd);
                    Syscalls.close(errno, fd);
                    done.failed(new OperationCanceledException("the socket was closed while the operation was pending", null));
                } else {
                    done.succeeded(new Socket(fd));
                }
            });
            return;
        }
        server.accepting = done;
        if (server.armed == null) {
            arm(server);
        }
    }

    /** Arms the listener's multishot accept. */
    private void arm(Server server) {
        AcceptOp op = new AcceptOp(server);
        try {
            long sqe = backend.prepare(op, SqeDescriptor.IORING_OP_ACCEPT, server.fd);
            MemorySegment sqes = backend.sqes();
            sqes.set(ValueLayout.JAVA_SHORT, sqe + SqeDescriptor.IOPRIO_OFFSET, SqeDescriptor.IORING_ACCEPT_MULTISHOT);
            sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.OP_FLAGS_OFFSET, SOCK_CLOEXEC);
            server.armed = op;
        } catch (IOException full) {
            Completion<TcpConnection> waiting = server.accepting; // told in the pending phase: maybe inside accept()
            server.accepting = null;
            if (waiting != null) {
                loop.deferPending(() -> {
                    server.liveness.finished();
                    waiting.failed(full);
                });
            }
        }
    }

    /** The listener's multishot accept: each completion is a connection, or the error that ended it. */
    private final class AcceptOp extends Op {
        private final Server server;
        private boolean cancelling;

        AcceptOp(Server server) {
            this.server = server;
        }

        @Override
        void completed(int result, int flags, boolean last) {
            if (last && server.armed == this) {
                server.armed = null;
            }
            if (server.closed) {
                if (result >= 0) {
                    Syscalls.close(errno, result);
                }
                return;
            }
            if (result >= 0) {
                if (server.accepting != null) {
                    deliverAcceptedNow(server, result);
                } else {
                    server.accepted.add(result);
                    open.add(result); // closed with the loop if nobody takes it
                    if (server.accepted.size() >= ACCEPT_QUEUE && !last && !cancelling) {
                        cancelling = true; // nobody asks: leave further connections in the kernel's backlog
                        backend.cancel(this);
                    }
                }
            } else if (result != -Errno.ECANCELED) {
                failAccept(server, Errno.net(-result));
            }
            if (last && !server.closed && server.armed == null && server.accepting != null) {
                arm(server); // the kernel ended the multishot (after an error, or on overflow): arm again
            }
        }
    }

    private void deliverAcceptedNow(Server server, int fd) {
        Completion<TcpConnection> done = server.accepting;
        server.accepting = null;
        Socket socket = new Socket(fd);
        loop.invoke(() -> {
            server.liveness.finished();
            done.succeeded(socket);
        });
    }

    private void failAccept(Server server, Throwable error) {
        Completion<TcpConnection> done = server.accepting;
        if (done == null) {
            return; // nobody waits; the next accept arms again
        }
        server.accepting = null;
        loop.invoke(() -> {
            server.liveness.finished();
            done.failed(error);
        });
    }

    // ---------------------------------------------------------------- connect

    @Override
    public void connect(InetSocketAddress address, Completion<TcpConnection> done) {
        assert backend.inLoop();
        int fd = -1;
        ConnectOp op = null;
        try {
            if (address.isUnresolved()) {
                throw new java.nio.channels.UnresolvedAddressException();
            }
            fd = check(Syscalls.socket(errno, family(address), SOCK_STREAM | SOCK_CLOEXEC));
            Socket socket = new Socket(fd);
            op = new ConnectOp(socket, done);
            op.memory = Arena.ofConfined();
            MemorySegment target = op.memory.allocate(SOCKADDR_SIZE, 8);
            int length = encode(address, target);
            long sqe = backend.prepare(op, SqeDescriptor.IORING_OP_CONNECT, fd);
            backend.sqes().set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.ADDR_OFFSET, target.address());
            backend.sqes().set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.OFF_OFFSET, length);
            loop.requestStarted(IoResourceKinds.TCP_CONNECT); // only once the connect is under way: a failure above must not count
            socket.connecting = op;
        } catch (IOException | RuntimeException e) { // RuntimeException: an unresolved address
            if (fd >= 0) {
                open.remove(fd);
                Syscalls.close(errno, fd);
            }
            if (op != null) {
                op.free();
            }
            loop.deferPending(() -> done.failed(e));
        }
    }

    private final class ConnectOp extends SocketOp<TcpConnection> {
        private final Socket socket;

        ConnectOp(Socket socket, Completion<TcpConnection> done) {
            super(done);
            this.socket = socket;
        }

        @Override
        void finished() {
            loop.requestFinished(IoResourceKinds.TCP_CONNECT);
        }

        @Override
        void completed(int result, int flags, boolean last) {
            free();
            if (socket.connecting == this) {
                socket.connecting = null;
            }
            if (socket.closing != null) {
                socket.closing.kernelDone();
                return;
            }
            if (settled) {
                return;
            }
            if (result < 0) {
                socket.closed = true;
                socket.released = true;
                open.remove(socket.fd);
                Syscalls.close(errno, socket.fd);
                fail(Errno.net(-result));
            } else {
                succeed(socket);
            }
        }
    }

    // ---------------------------------------------------------------- read

    @Override
    public void read(TcpConnection connection, ByteBuffer into, Completion<Integer> done) {
        assert backend.inLoop();
        Socket socket = readable(connection, done);
        if (socket == null) {
            return;
        }
        if (socket.receiving != null || !socket.received.isEmpty() || socket.receiveEnded != null) {
            throw new IllegalStateException("this connection reads into the backend's buffers (its multishot receive is"
                    + " armed or holds data); reading into the caller's buffer too would reorder its bytes");
        }
        int length = into.remaining();
        IntoCaller op = new IntoCaller(socket, into, done);
        MemorySegment target;
        if (into.isDirect()) {
            target = MemorySegment.ofBuffer(into);
        } else if (length <= NativeBuffers.LARGEST) {
            op.pooled = backend.buffers().take(length);
            target = op.pooled.asSlice(0, length);
        } else {
            op.memory = Arena.ofConfined();
            target = op.memory.allocate(length);
        }
        op.target = target;
        try {
            long sqe = backend.prepare(op, SqeDescriptor.IORING_OP_RECV, socket.fd);
            backend.sqes().set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.ADDR_OFFSET, target.address());
            backend.sqes().set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.LEN_OFFSET, length);
            socket.liveness.started();
            socket.reading = op;
        } catch (IOException full) {
            op.free();
            loop.deferPending(() -> done.failed(full));
        }
    }

    /** A read into the caller's buffer (through a native copy for a heap buffer). */
    private final class IntoCaller extends SocketOp<Integer> {
        private final Socket socket;
        private final ByteBuffer into;
        MemorySegment target;

        IntoCaller(Socket socket, ByteBuffer into, Completion<Integer> done) {
            super(done);
            this.socket = socket;
            this.into = into;
        }

        @Override
        void finished() {
            socket.liveness.finished();
        }

        @Override
        void completed(int result, int flags, boolean last) {
            if (socket.reading == this) {
                socket.reading = null;
            }
            if (socket.closing != null) {
                free();
                socket.closing.kernelDone();
                return;
            }
            if (!settled && result > 0) {
                if (!into.isDirect()) {
                    MemorySegment.ofBuffer(into).copyFrom(target.asSlice(0, result));
                }
                into.position(into.position() + result);
            }
            free();
            if (result < 0) {
                fail(Errno.net(-result));
            } else {
                succeed(result == 0 && target.byteSize() > 0 && into.hasRemaining() ? -1 : result);
            }
        }
    }

    @Override
    public void read(TcpConnection connection, Completion<ByteBuffer> done) {
        assert backend.inLoop();
        Socket socket = readable(connection, done);
        if (socket == null) {
            return;
        }
        SharedRead read = new SharedRead(socket, done);
        socket.liveness.started();
        if (!socket.received.isEmpty()) {
            Object next = socket.received.poll(); // what came while nobody read: handed over in the next pending phase
            loop.deferPending(() -> read.settleWith(next, false));
            return;
        }
        if (socket.receiveEnded != null) {
            Object end = socket.receiveEnded; // the end (or error) already seen: told again, as a channel does
            loop.deferPending(() -> read.settleWith(end, false));
            return;
        }
        socket.reading = read;
        if (socket.receiving == null) {
            startReceiving(socket);
        }
    }

    /**
     * A read into the backend's buffer, waiting for the socket's multishot receive. It is never
     * submitted itself; {@link Receiving} settles it.
     */
    private final class SharedRead extends SocketOp<ByteBuffer> {
        private final Socket socket;

        SharedRead(Socket socket, Completion<ByteBuffer> done) {
            super(done);
            this.socket = socket;
        }

        /** Settles with bytes, an empty buffer for the end, or an error: in the poll phase, or the pending phase. */
        void settleWith(Object received, boolean inPollPhase) {
            if (received instanceof Throwable error) {
                if (inPollPhase) {
                    fail(error);
                } else {
                    failLater(error);
                }
                return;
            }
            ByteBuffer chunk = ByteBuffer.wrap((byte[]) received);
            if (inPollPhase) {
                succeed(chunk);
            } else if (!settled) {
                settled = true;
                finished();
                done.succeeded(chunk);
            }
        }

        @Override
        void finished() {
            socket.liveness.finished();
        }

        @Override
        void completed(int result, int flags, boolean last) {
            throw new IllegalStateException("a shared read is never submitted to the ring");
        }
    }

    /** Arms the socket's multishot receive into the provided buffers. */
    private void startReceiving(Socket socket) {
        BufferRing buffers;
        try {
            buffers = readBuffers();
        } catch (NativeException e) {
            endReceiving(socket, new IOException("cannot register the io_uring read buffers: " + e.getMessage(), e), false);
            return;
        }
        Receiving op = new Receiving(socket, buffers);
        try {
            long sqe = backend.prepare(op, SqeDescriptor.IORING_OP_RECV, socket.fd);
            MemorySegment sqes = backend.sqes();
            sqes.set(ValueLayout.JAVA_BYTE, sqe + SqeDescriptor.FLAGS_OFFSET, SqeDescriptor.IOSQE_BUFFER_SELECT);
            sqes.set(ValueLayout.JAVA_SHORT, sqe + SqeDescriptor.IOPRIO_OFFSET, SqeDescriptor.IORING_RECV_MULTISHOT);
            sqes.set(ValueLayout.JAVA_SHORT, sqe + SqeDescriptor.BUF_GROUP_OFFSET, (short) buffers.group());
            socket.receiving = op;
        } catch (IOException full) {
            SocketOp<?> waiting = socket.reading;
            socket.reading = null;
            if (waiting != null) {
                waiting.failLater(full);
            }
        }
    }

    /**
     * The socket's multishot receive: each completion is a chunk (copied out of its provided
     * buffer, which goes straight back), the end, or an error. A chunk goes to the pending read,
     * or waits in the socket's queue when nobody reads; then the receive is cancelled, so a reader
     * that paused holds back the peer (the kernel's buffer fills) instead of filling memory here.
     * The kernel ends a multishot receive on its own too (out of provided buffers, or after an
     * error or the end); it is armed again while someone reads.
     */
    private final class Receiving extends Op {
        private final Socket socket;
        private final BufferRing buffers;
        private boolean cancelling;

        Receiving(Socket socket, BufferRing buffers) {
            this.socket = socket;
            this.buffers = buffers;
        }

        @Override
        void completed(int result, int flags, boolean last) {
            byte[] bytes = null;
            if ((flags & CqeDescriptor.IORING_CQE_F_BUFFER) != 0) {
                int id = flags >>> CqeDescriptor.IORING_CQE_BUFFER_SHIFT;
                if (result > 0) {
                    bytes = buffers.buffer(id, result).toArray(ValueLayout.JAVA_BYTE);
                }
                buffers.recycle(id);
            }
            if (last && socket.receiving == this) {
                socket.receiving = null;
            }
            if (socket.closed) {
                return;
            }
            if (result > 0) {
                deliver(socket, bytes);
            } else if (result == 0) {
                endReceiving(socket, new byte[0], true); // the peer ended its side
                return;
            } else if (result != -Errno.ENOBUFS && result != -Errno.ECANCELED) {
                endReceiving(socket, Errno.net(-result), true);
                return;
            }
            if (!last && socket.reading == null && !cancelling) {
                cancelling = true; // nobody reads: stop taking data from the kernel
                backend.cancel(this);
            }
            if (last && socket.reading != null && socket.receiving == null) {
                startReceiving(socket); // ended by the kernel (out of buffers) or by a cancel, and someone reads again
            }
        }
    }

    /** A chunk: to the pending read in this poll phase, or to the queue. */
    private void deliver(Socket socket, byte[] bytes) {
        SocketOp<?> waiting = socket.reading;
        if (waiting instanceof SharedRead read) {
            socket.reading = null;
            read.settleWith(bytes, true);
        } else {
            socket.received.add(bytes);
        }
    }

    /** The receive ended for good: the end ({@code byte[0]}) or an error, told to the reader now or later. */
    private void endReceiving(Socket socket, Object end, boolean inPollPhase) {
        socket.receiveEnded = end;
        SocketOp<?> waiting = socket.reading;
        if (waiting instanceof SharedRead read && socket.received.isEmpty()) {
            socket.reading = null;
            read.settleWith(end, inPollPhase);
        }
    }

    private BufferRing readBuffers() throws NativeException {
        if (readBuffers == null) {
            readBuffers = backend.bufferRing(arena, READ_GROUP, READ_BUFFERS, READ_BUFFER);
        }
        return readBuffers;
    }

    /** The socket a read may start on; null if it is closed, and then {@code done} fails in the next pending phase. */
    private Socket readable(TcpConnection connection, Completion<?> done) {
        Socket socket = socket(connection);
        if (socket.closed) {
            loop.deferPending(() -> done.failed(new ClosedChannelException()));
            return null;
        }
        if (socket.reading != null) {
            throw new IllegalStateException("a read is already pending on this connection");
        }
        return socket;
    }

    // ---------------------------------------------------------------- write and shutdown

    @Override
    public void write(TcpConnection connection, ByteBuffer from, Completion<Integer> done) {
        assert backend.inLoop();
        Socket socket = socket(connection);
        if (socket.closed) {
            loop.deferPending(() -> done.failed(new ClosedChannelException()));
            return;
        }
        loop.requestStarted(IoResourceKinds.TCP_WRITE);
        SendOp op = new SendOp(socket, from, done);
        socket.writes.add(op);
        if (socket.writes.size() == 1) {
            op.submit();
        }
    }

    /** One write: sent whole, in as many sends as the kernel needs, one at a time per socket. */
    private final class SendOp extends SocketOp<Integer> {
        private final Socket socket;
        private final ByteBuffer from;
        private final MemorySegment source;
        private int sent;

        SendOp(Socket socket, ByteBuffer from, Completion<Integer> done) {
            super(done);
            this.socket = socket;
            this.from = from;
            MemorySegment bytes = MemorySegment.ofBuffer(from);
            if (from.isDirect()) {
                this.source = bytes;
            } else if (bytes.byteSize() <= NativeBuffers.LARGEST) {
                this.pooled = backend.buffers().take((int) bytes.byteSize());
                this.source = pooled.asSlice(0, bytes.byteSize()).copyFrom(bytes);
            } else {
                this.memory = Arena.ofConfined();
                this.source = memory.allocate(bytes.byteSize()).copyFrom(bytes);
            }
        }

        void submit() {
            try {
                long sqe = backend.prepare(this, SqeDescriptor.IORING_OP_SEND, socket.fd);
                MemorySegment sqes = backend.sqes();
                sqes.set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.ADDR_OFFSET, source.address() + sent);
                sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.LEN_OFFSET, (int) (source.byteSize() - sent));
                sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.OP_FLAGS_OFFSET, MSG_NOSIGNAL);
            } catch (IOException full) {
                socket.writes.remove(this);
                free();
                failLater(full);
                next(socket);
            }
        }

        @Override
        void finished() {
            loop.requestFinished(IoResourceKinds.TCP_WRITE);
        }

        @Override
        void completed(int result, int flags, boolean last) {
            if (socket.closing != null) {
                free();
                socket.closing.kernelDone();
                return;
            }
            if (settled) {
                free();
                return;
            }
            if (result > 0) {
                sent += result;
                from.position(from.position() + result);
                if (sent < source.byteSize() && from.hasRemaining()) {
                    submit();
                    return;
                }
            }
            socket.writes.remove(this);
            free();
            if (result < 0) {
                fail(Errno.net(-result));
            } else {
                succeed(sent);
            }
            next(socket);
        }
    }

    /** Starts the socket's next write, or the shutdown that waited for its writes. */
    private void next(Socket socket) {
        if (socket.closed) {
            return;
        }
        if (!socket.writes.isEmpty()) {
            SendOp head = socket.writes.peek();
            if (head.slot < 0) { // not when a completion's callback already wrote, and so started it
                head.submit();
            }
        } else if (socket.shutdownAfterWrites != null) {
            ShutdownOp shutdown = socket.shutdownAfterWrites;
            socket.shutdownAfterWrites = null;
            shutdown.now(true);
        }
    }

    @Override
    public void shutdownOutput(TcpConnection connection, Completion<Void> done) {
        assert backend.inLoop();
        Socket socket = socket(connection);
        if (socket.closed) {
            loop.deferPending(() -> done.failed(new ClosedChannelException()));
            return;
        }
        if (socket.shutdownAfterWrites != null) {
            loop.deferPending(() -> done.failed(new IllegalStateException("a shutdown is already waiting for this connection's writes")));
            return;
        }
        loop.requestStarted(IoResourceKinds.TCP_SHUTDOWN);
        ShutdownOp op = new ShutdownOp(socket, done);
        if (socket.writes.isEmpty()) {
            op.now(false);
        } else {
            socket.shutdownAfterWrites = op;
        }
    }

    /**
     * A shutdown of the sending side, made with the system call once the socket's writes are done
     * (it never blocks), as libuv does: reported in the next pending phase when made at once, in
     * this poll phase when it waited for the last write's completion.
     */
    private final class ShutdownOp extends SocketOp<Void> {
        private final Socket socket;

        ShutdownOp(Socket socket, Completion<Void> done) {
            super(done);
            this.socket = socket;
        }

        void now(boolean fromCompletion) {
            int result = Syscalls.shutdown(errno, socket.fd, SHUT_WR);
            if (result < 0) {
                IOException error = Errno.net(-result);
                if (fromCompletion) {
                    fail(error);
                } else {
                    failLater(error);
                }
            } else if (fromCompletion) {
                succeed(null);
            } else {
                succeedLater();
            }
        }

        private void succeedLater() {
            if (!settled) {
                settled = true;
                loop.deferPending(() -> {
                    finished();
                    done.succeeded(null);
                });
            }
        }

        @Override
        void finished() {
            loop.requestFinished(IoResourceKinds.TCP_SHUTDOWN);
        }

        @Override
        void completed(int result, int flags, boolean last) {
            throw new IllegalStateException("a shutdown is never submitted to the ring");
        }
    }

    // ---------------------------------------------------------------- options, references, close

    @Override
    public void configure(TcpConnection connection, boolean noDelay, boolean keepAlive) {
        assert backend.inLoop();
        Socket socket = socket(connection);
        scratchInt.set(ValueLayout.JAVA_INT, 0, noDelay ? 1 : 0);
        int a = Syscalls.setsockopt(errno, socket.fd, IPPROTO_TCP, TCP_NODELAY, scratchInt);
        scratchInt.set(ValueLayout.JAVA_INT, 0, keepAlive ? 1 : 0);
        int b = Syscalls.setsockopt(errno, socket.fd, SOL_SOCKET, SO_KEEPALIVE, scratchInt);
        if (a < 0 || b < 0) {
            throw new java.io.UncheckedIOException("setting TCP_NODELAY/SO_KEEPALIVE failed", Errno.net(a < 0 ? -a : -b));
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
    public void close(TcpConnection connection, Completion<Void> done) {
        assert backend.inLoop();
        Socket socket = socket(connection);
        if (socket.closed) {
            if (socket.closing != null) {
                socket.closing.alsoTell(done); // the first close is still waiting for the kernel
            } else {
                loop.deferPending(() -> done.succeeded(null));
            }
            return;
        }
        socket.closed = true;
        // what is pending, in the order its callers are told
        java.util.List<SocketOp<?>> pending = new java.util.ArrayList<>();
        if (socket.connecting != null) {
            pending.add(socket.connecting);
        }
        if (socket.reading != null) {
            pending.add(socket.reading);
            socket.reading = null;
        }
        pending.addAll(socket.writes);
        socket.writes.clear();
        if (socket.shutdownAfterWrites != null) {
            pending.add(socket.shutdownAfterWrites);
            socket.shutdownAfterWrites = null;
        }
        Closing closing = new Closing(pending, done);
        for (SocketOp<?> op : pending) {
            if (op.slot >= 0) {
                closing.inKernel++; // the kernel may still read or write its buffer, maybe the caller's own
            } else {
                op.free(); // never submitted: the kernel never saw its buffer
            }
        }
        socket.closing = closing;
        int result = closeDescriptor(socket.fd);
        socket.released = true;
        closing.closed(result);
    }

    /**
     * A socket's close, held until the kernel has finished with every operation it cancelled: only
     * then is each caller told ECANCELED (in order), and then the closer. A caller whose direct
     * buffer was in a receive or a send gets it back only once the kernel cannot touch it.
     */
    private final class Closing {
        private final java.util.List<SocketOp<?>> pending;
        private final java.util.List<Completion<Void>> closers = new java.util.ArrayList<>();
        int inKernel;
        private int closeResult;
        private boolean descriptorClosed;

        Closing(java.util.List<SocketOp<?>> pending, Completion<Void> done) {
            this.pending = pending;
            closers.add(done);
        }

        void alsoTell(Completion<Void> done) {
            closers.add(done);
        }

        void closed(int result) {
            closeResult = result;
            descriptorClosed = true;
            if (inKernel == 0) {
                finish();
            }
        }

        void kernelDone() {
            if (--inKernel == 0 && descriptorClosed) {
                finish();
            }
        }

        /** Everyone hears, in the next pending phase, in order: the cancelled operations, then the closers. */
        private void finish() {
            for (SocketOp<?> op : pending) {
                op.cancel();
            }
            for (Completion<Void> done : closers) {
                if (closeResult < 0 && closeResult != -Errno.EBADF) {
                    IOException error = Errno.net(-closeResult);
                    loop.deferPending(() -> done.failed(error));
                } else {
                    loop.deferPending(() -> done.succeeded(null));
                }
            }
        }
    }

    @Override
    public void close(TcpListener listener, Completion<Void> done) {
        assert backend.inLoop();
        Server server = server(listener);
        if (!server.closed) {
            server.closed = true;
            Completion<TcpConnection> waiting = server.accepting;
            server.accepting = null;
            if (waiting != null) {
                loop.deferPending(() -> {
                    server.liveness.finished();
                    waiting.failed(new OperationCanceledException("the socket was closed while the operation was pending", null));
                });
            }
            for (int fd : server.accepted) {
                open.remove(fd);
                Syscalls.close(errno, fd);
            }
            server.accepted.clear();
        }
        int result = server.released ? 0 : closeDescriptor(server.fd);
        server.released = true;
        if (result < 0 && result != -Errno.EBADF) {
            loop.deferPending(() -> done.failed(Errno.net(-result)));
        } else {
            loop.deferPending(() -> done.succeeded(null));
        }
    }

    /**
     * Cancels every operation on {@code fd} in the kernel (submitted at once, so the cancellation
     * finds them before the descriptor goes) and closes it. An operation in flight holds its own
     * reference to the socket, so without the cancellation the peer would not see it close.
     *
     * @return 0, or {@code -errno} from close(2)
     */
    private int closeDescriptor(int fd) {
        open.remove(fd);
        long sqe = backend.prepareUnowned(SqeDescriptor.IORING_OP_ASYNC_CANCEL, fd);
        if (sqe >= 0) {
            backend.sqes().set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.OP_FLAGS_OFFSET,
                    SqeDescriptor.IORING_ASYNC_CANCEL_FD | SqeDescriptor.IORING_ASYNC_CANCEL_ALL);
            backend.submitNow();
        }
        return Syscalls.close(errno, fd);
    }

    // ---------------------------------------------------------------- addresses

    private static int family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? AF_INET6 : AF_INET;
    }

    /** Writes {@code address} as a {@code sockaddr_in} or {@code sockaddr_in6}; returns its length. */
    private static int encode(InetSocketAddress address, MemorySegment into) {
        into.fill((byte) 0);
        InetAddress ip = address.getAddress();
        short port = Short.reverseBytes((short) address.getPort()); // network byte order
        if (ip instanceof Inet4Address) {
            into.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
            into.set(ValueLayout.JAVA_SHORT, 2, port);
            MemorySegment.copy(ip.getAddress(), 0, into, ValueLayout.JAVA_BYTE, 4, 4);
            return 16;
        }
        into.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
        into.set(ValueLayout.JAVA_SHORT, 2, port);
        MemorySegment.copy(ip.getAddress(), 0, into, ValueLayout.JAVA_BYTE, 8, 16);
        if (ip instanceof Inet6Address v6) {
            into.set(ValueLayout.JAVA_INT, 24, v6.getScopeId());
        }
        return 28;
    }

    /** The socket's own address (or its peer's); null if the kernel cannot say (it is not connected). */
    private InetSocketAddress name(int fd, boolean peer) {
        scratchLength.set(ValueLayout.JAVA_INT, 0, SOCKADDR_SIZE);
        if (Syscalls.socketName(errno, fd, peer, scratchAddress, scratchLength) < 0) {
            return null;
        }
        int family = Short.toUnsignedInt(scratchAddress.get(ValueLayout.JAVA_SHORT, 0));
        int port = Short.toUnsignedInt(Short.reverseBytes(scratchAddress.get(ValueLayout.JAVA_SHORT, 2)));
        try {
            byte[] ip = family == AF_INET
                    ? scratchAddress.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE)
                    : scratchAddress.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException cannotHappen) {
            return null;
        }
    }

    private static int check(int result) throws IOException {
        if (result < 0) {
            throw Errno.net(-result);
        }
        return result;
    }

    private static Socket socket(TcpConnection connection) {
        if (!(connection instanceof Socket socket)) {
            throw new IllegalArgumentException("not a connection of the io_uring backend: " + connection);
        }
        return socket;
    }

    private static Server server(TcpListener listener) {
        if (!(listener instanceof Server server)) {
            throw new IllegalArgumentException("not a listener of the io_uring backend: " + listener);
        }
        return server;
    }

    /**
     * Closes every socket and listener the user left open: the loop is closing, and its backend
     * with it (as the NIO backend closes its channels). Called once nothing is in flight.
     */
    void closeAll() {
        for (int fd : open) {
            Syscalls.close(errno, fd);
        }
        open.clear();
    }

    void release() {
        arena.close();
    }
}
