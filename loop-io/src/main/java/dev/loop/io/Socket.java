package dev.loop.io;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.TcpConnection;
import dev.loop.io.spi.TcpIo;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A TCP connection ({@code net.Socket}), with Node's events and back pressure.
 *
 * <ul>
 *   <li><b>Reading</b> starts once the socket is connected (accepted, or its connect succeeded),
 *       whether or not a data handler is set, as in Node: a socket that nobody reads still sees
 *       the peer's end and closes. Chunks go to the {@link #onData data handler} (Node's flowing
 *       mode); while there is none, or after {@link #pause()}, they wait in the socket, and
 *       reading stops while {@value #HIGH_WATER_MARK} bytes or more wait. Setting the handler or
 *       {@link #resume()} delivers them on the next tick. Each chunk is a fresh buffer the handler
 *       may keep. When the peer ends its side, {@link #onEnd} runs once the chunks before the
 *       end are delivered, and this side ends too once its writes are done (Node's
 *       {@code allowHalfOpen: false}).</li>
 *   <li><b>Writing</b>: {@link #write} queues the buffer, which belongs to the socket until it is
 *       written, and returns false once {@value #HIGH_WATER_MARK} bytes or more wait; then
 *       {@link #onDrain} runs when all are written. {@link #end()} sends FIN after the queued
 *       writes (half-close); a write after it is an {@code ERR_STREAM_WRITE_AFTER_END} error.</li>
 *   <li><b>Errors</b> ({@link ConnectionRefusedException}, {@link ConnectionResetException}, ...) go to
 *       {@link #onError}, then {@link #onClose} runs with {@code true}. {@link #destroy()} closes at
 *       once.</li>
 *   <li>{@link #setTimeout}: {@link #onTimeout} runs after that long without reads or writes; the
 *       socket stays open, as in Node. A connection keeps the loop alive while it reads (until the
 *       peer ends, except while chunks wait undelivered up to the mark) or writes.</li>
 * </ul>
 *
 * <p>While it waits for data a socket holds no read buffer: the backend reads into a buffer of its
 * own once data is there and hands over exactly the bytes read ({@link TcpIo#read(TcpConnection,
 * Completion)}), as Node's sockets share one 64 KiB slab per loop. An idle connection costs well
 * under 2 KiB of heap.
 *
 * <p><b>Thread safety:</b> loop thread only: every method throws {@link IllegalStateException} on
 * another thread (hand the work over with {@code loop.execute}); every event runs on the loop
 * thread.
 */
public final class Socket {

    /** Bytes waiting to be written at which {@link #write} starts returning false (Node's 16 KiB). */
    public static final int HIGH_WATER_MARK = 16 * 1024;
    private static final Runnable NOTHING = () -> { };

    private final EventLoop loop;
    private final TcpIo tcp;
    private final LoopThread thread;
    private TcpConnection connection;
    private InetSocketAddress connectingTo;
    /** Writes made before the connection was; created by the first. */
    private List<ByteBuffer> writesBeforeConnect;
    private Runnable onConnect = NOTHING;
    private Consumer<ByteBuffer> onData;
    private Runnable onEnd = NOTHING;
    private Runnable onDrain = NOTHING;
    private Runnable onTimeout = NOTHING;
    private Consumer<Throwable> onError = error -> { };
    private Consumer<Boolean> onClose = hadError -> { };
    /** Chunks read and not yet delivered (no data handler, or paused); created by the first. */
    private ArrayDeque<ByteBuffer> unread;
    private long unreadBytes;
    private boolean reading;
    private boolean paused;
    /** The peer ended its side: no more reads. */
    private boolean readEnded;
    /** {@link #onEnd} ran: after every chunk before the end was delivered. */
    private boolean endEmitted;
    private boolean ended;
    private boolean shutdownIssued;
    private boolean shutdownDone;
    private boolean destroyed;
    private boolean needDrain;
    private long buffered;
    private long bytesWritten;
    private boolean noDelay;
    private boolean keepAlive;
    private Timeout idle;
    private long idleMillis;

    Socket(EventLoop loop, TcpIo tcp, LoopThread thread) {
        this.loop = loop;
        this.tcp = tcp;
        this.thread = thread;
    }

    // ================================================================ events

    /**
     * Runs when a {@link Net#connect} connection is established ({@code 'connect'}).
     *
     * @param handler the handler
     * @return this socket
     */
    public Socket onConnect(Runnable handler) {
        thread.check("Socket", "onConnect");
        this.onConnect = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Receives each chunk read ({@code 'data'}); chunks that arrived before it was set follow on
     * the next tick, in order.
     *
     * @param handler receives a buffer of the bytes read, which it may keep
     * @return this socket
     */
    public Socket onData(Consumer<ByteBuffer> handler) {
        thread.check("Socket", "onData");
        this.onData = Objects.requireNonNull(handler, "handler");
        flowSoon();
        return this;
    }

    /**
     * Runs when the peer ended its side ({@code 'end'}), after the chunks it sent before are
     * delivered.
     *
     * @param handler the handler
     * @return this socket
     */
    public Socket onEnd(Runnable handler) {
        thread.check("Socket", "onEnd");
        this.onEnd = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Runs when every queued write is written, after {@link #write} returned false ({@code 'drain'}).
     *
     * @param handler the handler
     * @return this socket
     */
    public Socket onDrain(Runnable handler) {
        thread.check("Socket", "onDrain");
        this.onDrain = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Runs after {@link #setTimeout} of idleness ({@code 'timeout'}); the socket stays open.
     *
     * @param handler the handler
     * @return this socket
     */
    public Socket onTimeout(Runnable handler) {
        thread.check("Socket", "onTimeout");
        this.onTimeout = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Receives the error that ends the connection ({@code 'error'}); {@link #onClose} follows.
     *
     * @param handler the handler
     * @return this socket
     */
    public Socket onError(Consumer<Throwable> handler) {
        thread.check("Socket", "onError");
        this.onError = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Runs once the socket is fully closed ({@code 'close'}).
     *
     * @param handler receives whether it closed because of an error
     * @return this socket
     */
    public Socket onClose(Consumer<Boolean> handler) {
        thread.check("Socket", "onClose");
        this.onClose = Objects.requireNonNull(handler, "handler");
        return this;
    }

    // ================================================================ writing

    /**
     * Queues {@code data} for writing ({@code socket.write}). The buffer belongs to the socket
     * until it is written; do not change it.
     *
     * @param data the bytes, from position to limit
     * @return false when {@value #HIGH_WATER_MARK} bytes or more wait: stop writing until
     *     {@link #onDrain}
     */
    public boolean write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        thread.check("Socket", "write");
        if (destroyed) {
            return false; // closed: its close event already ran, and nothing more is reported
        }
        if (ended) {
            ErrnoException error = new ErrnoException("ERR_STREAM_WRITE_AFTER_END",
                    "write after end: this socket's side is ended; nothing more can be written", null, null);
            loop.nextTick(() -> onError.accept(error));
            return false;
        }
        buffered += data.remaining();
        if (connection == null) {
            if (writesBeforeConnect == null) {
                writesBeforeConnect = new ArrayList<>();
            }
            writesBeforeConnect.add(data);
        } else {
            send(data);
        }
        boolean belowMark = buffered < HIGH_WATER_MARK;
        if (!belowMark) {
            needDrain = true;
        }
        return belowMark;
    }

    /**
     * Queues {@code data} for writing.
     *
     * @param data the bytes; the array belongs to the socket until written
     * @return as {@link #write(ByteBuffer)}
     */
    public boolean write(byte[] data) {
        Objects.requireNonNull(data, "data");
        thread.check("Socket", "write");
        return write(ByteBuffer.wrap(data));
    }

    private void send(ByteBuffer data) {
        assert thread.isCurrent();
        tcp.write(connection, data, Completion.of(written -> {
            buffered -= written;
            bytesWritten += written;
            touch();
            if (needDrain && buffered == 0 && !destroyed) {
                needDrain = false;
                onDrain.run();
            }
        }, error -> {
            fail(ErrnoExceptions.mapNet(error, "write to", remoteAddress()));
        }));
    }

    /**
     * Ends this side once the queued writes are written ({@code socket.end()}): the peer reads the
     * end of the stream, and may still send.
     */
    public void end() {
        thread.check("Socket", "end");
        if (ended || destroyed) {
            return;
        }
        ended = true;
        if (connection != null) {
            shutdown();
        }
    }

    private void shutdown() {
        assert thread.isCurrent();
        if (shutdownIssued) {
            return;
        }
        shutdownIssued = true;
        tcp.shutdownOutput(connection, Completion.of(ignored -> {
            shutdownDone = true;
            closeIfDone();
        }, error -> {
            fail(ErrnoExceptions.mapNet(error, "end", remoteAddress()));
        }));
    }

    /** Closes at once ({@code socket.destroy()}); queued writes are dropped. */
    public void destroy() {
        thread.check("Socket", "destroy");
        close(null);
    }

    // ================================================================ reading

    /**
     * Stops delivering chunks until {@link #resume()} ({@code socket.pause()}); they wait in the
     * socket, and reading stops once {@value #HIGH_WATER_MARK} bytes wait.
     */
    public void pause() {
        thread.check("Socket", "pause");
        paused = true;
    }

    /** Delivers chunks again after {@link #pause()}, those waiting first, on the next tick ({@code socket.resume()}). */
    public void resume() {
        thread.check("Socket", "resume");
        paused = false;
        flowSoon();
    }

    private boolean flowing() {
        return onData != null && !paused;
    }

    /** Delivers the waiting chunks on the next tick, as Node's {@code resume} does. */
    private void flowSoon() {
        if (unreadBytes > 0) {
            loop.nextTick(this::flow);
        }
    }

    private void readNext() {
        assert thread.isCurrent();
        if (reading || readEnded || destroyed || connection == null || unreadBytes >= HIGH_WATER_MARK) {
            return;
        }
        reading = true;
        tcp.read(connection, Completion.of(chunk -> {
            reading = false;
            if (destroyed) {
                return;
            }
            touch();
            if (!chunk.hasRemaining()) {
                readEnded = true;
            } else if (flowing() && unreadBytes == 0) {
                onData.accept(chunk);
            } else {
                keep(chunk);
            }
            flow();
        }, error -> {
            reading = false;
            fail(ErrnoExceptions.mapNet(error, "read from", remoteAddress()));
        }));
    }

    private void keep(ByteBuffer chunk) {
        if (unread == null) {
            unread = new ArrayDeque<>();
        }
        unread.add(chunk);
        unreadBytes += chunk.remaining();
    }

    /** Delivers waiting chunks while flowing; then the end once nothing waits before it, or else the next read. */
    private void flow() {
        while (unreadBytes > 0 && flowing() && !destroyed) {
            ByteBuffer chunk = unread.poll();
            unreadBytes -= chunk.remaining();
            onData.accept(chunk);
        }
        if (unreadBytes == 0) {
            unread = null; // an idle socket keeps no queue
        }
        if (destroyed) {
            return;
        }
        if (!readEnded) {
            readNext();
        } else if (unreadBytes == 0 && !endEmitted) {
            endEmitted = true;
            onEnd.run();
            end(); // allowHalfOpen: false
            closeIfDone();
        }
    }

    // ================================================================ options and state

    /**
     * Runs {@link #onTimeout} after {@code millis} without reads or writes; 0 turns it off.
     *
     * @param millis the idle time, 0 or more
     * @return this socket
     */
    public Socket setTimeout(long millis) {
        thread.check("Socket", "setTimeout");
        if (millis < 0) {
            throw new IllegalArgumentException("timeout must be 0 or more ms, got " + millis);
        }
        if (idle != null) {
            idle.close();
            idle = null;
        }
        idleMillis = millis;
        if (millis > 0 && !destroyed) {
            idle = loop.setTimeout(this::idleFor, millis).unref(); // like Node's, it keeps nothing alive
        }
        return this;
    }

    private void idleFor() {
        if (!destroyed) {
            idle = loop.setTimeout(this::idleFor, idleMillis).unref();
            onTimeout.run();
        }
    }

    private void touch() {
        if (idle != null) {
            idle.refresh();
        }
    }

    /**
     * Sends small writes at once instead of coalescing them (Nagle off), {@code TCP_NODELAY}.
     *
     * @param enable whether
     * @return this socket
     */
    public Socket setNoDelay(boolean enable) {
        thread.check("Socket", "setNoDelay");
        noDelay = enable;
        configure();
        return this;
    }

    /**
     * Probes an idle connection, {@code SO_KEEPALIVE}.
     *
     * @param enable whether
     * @return this socket
     */
    public Socket setKeepAlive(boolean enable) {
        thread.check("Socket", "setKeepAlive");
        keepAlive = enable;
        configure();
        return this;
    }

    private void configure() {
        if (connection != null && !destroyed) {
            tcp.configure(connection, noDelay, keepAlive);
        }
    }

    /**
     * The peer's address.
     *
     * @return the address, or the one being connected to
     */
    public InetSocketAddress remoteAddress() {
        thread.check("Socket", "remoteAddress");
        return connection == null ? connectingTo : connection.remoteAddress();
    }

    /**
     * This end's address.
     *
     * @return the address, or null before connecting
     */
    public InetSocketAddress localAddress() {
        thread.check("Socket", "localAddress");
        return connection == null ? null : connection.localAddress();
    }

    /**
     * Bytes written so far.
     *
     * @return the count
     */
    public long bytesWritten() {
        thread.check("Socket", "bytesWritten");
        return bytesWritten;
    }

    /**
     * Bytes queued and not yet written ({@code writableLength}).
     *
     * @return the count
     */
    public long bufferedBytes() {
        thread.check("Socket", "bufferedBytes");
        return buffered;
    }

    // ================================================================ life cycle

    void connect(InetSocketAddress address) {
        assert thread.isCurrent();
        connectingTo = address;
        tcp.connect(address, Completion.of(connected -> {
            if (destroyed) {
                tcp.close(connected, Completion.ignoring());
                return;
            }
            connection = connected;
            configure();
            if (writesBeforeConnect != null) {
                for (ByteBuffer data : writesBeforeConnect) { // first: they were written first
                    send(data);
                }
                writesBeforeConnect = null;
            }
            if (ended) {
                shutdown();
            }
            onConnect.run();
            readNext();
        }, error -> {
            fail(ErrnoExceptions.mapNet(error, "connect to", address));
        }));
    }

    void accepted(TcpConnection accepted) {
        assert thread.isCurrent();
        connection = accepted; // with the system's defaults, which setNoDelay/setKeepAlive change later
        readNext(); // as Node's server sockets do, with or without a data handler
    }

    private void closeIfDone() {
        if (endEmitted && shutdownDone && buffered == 0) {
            close(null);
        }
    }

    private void fail(Throwable error) {
        if (!destroyed) {
            close(error);
        }
    }

    /** Closes once: {@code error} (or none) goes to onError, then onClose runs. */
    private void close(Throwable error) {
        assert thread.isCurrent();
        if (destroyed) {
            return;
        }
        destroyed = true;
        if (idle != null) {
            idle.close();
            idle = null;
        }
        Runnable events = () -> {
            if (error != null) {
                onError.accept(error);
            }
            onClose.accept(error != null);
        };
        if (connection == null) {
            loop.nextTick(events);
            return;
        }
        tcp.close(connection, Completion.of(ignored -> {
            events.run();
        }, closeError -> {
            events.run();
        }));
    }
}
