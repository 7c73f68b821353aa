package dev.loop.io;

import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
import dev.loop.api.Registration;
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
 *       the peer's end and closes. Chunks go to the {@link #DATA data listeners} (Node's flowing
 *       mode); while there are none, or after {@link #pause()}, they wait in the socket, and
 *       reading stops while {@value #HIGH_WATER_MARK} bytes or more wait. Adding the first one or
 *       {@link #resume()} delivers them on the next tick. Each chunk is a fresh buffer the
 *       listeners may keep (they all receive the same one). When the peer ends its side,
 *       {@link #onEnd} runs once the chunks before the end are delivered, and this side ends too
 *       once its writes are done, unless {@link #setAllowHalfOpen allowHalfOpen} is set: then it
 *       stays writable until {@link #end()}.</li>
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
 * <p><b>Events</b> are Node's, and each has a constant ({@link #DATA}, {@link #END}, ...). Listeners
 * are added, never replaced, and run in the order they were added ({@link EventSource}): the
 * fluent {@code onX} methods add one, {@link #on} and {@link #once} add one and return its
 * {@link dev.loop.api.Registration}. An error that nobody listens for is dropped; the close event follows it.
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
public final class Socket implements ReadableStream, WritableStream {

    /** Connected ({@code 'connect'}). */
    public static final Event<Void> CONNECT = Event.named("connect");
    /** A chunk read ({@code 'data'}): a fresh buffer of the bytes read, which listeners may keep. */
    public static final Event<ByteBuffer> DATA = Streams.DATA;
    /** The peer ended its side ({@code 'end'}), after the chunks it sent before. */
    public static final Event<Void> END = Streams.END;
    /** Every queued write is written, after {@link #write} returned false ({@code 'drain'}). */
    public static final Event<Void> DRAIN = Streams.DRAIN;
    /** {@link #setTimeout} of idleness passed ({@code 'timeout'}); the socket stays open. */
    public static final Event<Void> TIMEOUT = Event.named("timeout");
    /** The error that ends the connection ({@code 'error'}); {@link #CLOSE} follows. */
    public static final Event<Throwable> ERROR = Streams.ERROR;
    /** This side is ended and every write before {@link #end()} is written ({@code 'finish'}). */
    public static final Event<Void> FINISH = Streams.FINISH;
    /** Fully closed ({@code 'close'}): whether because of an error. */
    public static final Event<Boolean> CLOSE = Event.named("close");

    /** Bytes waiting to be written at which {@link #write} starts returning false (Node's 16 KiB). */
    public static final int HIGH_WATER_MARK = 16 * 1024;

    private final EventLoop loop;
    private final TcpIo tcp;
    private final LoopThread thread;
    private TcpConnection connection;
    private InetSocketAddress connectingTo;
    /** Writes made before the connection was; created by the first. */
    private List<ByteBuffer> writesBeforeConnect;
    private final Emitter events = new Emitter(this::listenersChanged);
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
    /** Node's {@code allowHalfOpen}: the peer's end does not end this side. */
    private boolean allowHalfOpen;
    private boolean shutdownIssued;
    private boolean shutdownDone;
    private boolean destroyed;
    private boolean needDrain;
    private long buffered;
    private long bytesWritten;
    private boolean referenced = true;
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

    @Override
    public Emitter emitter() {
        thread.check("Socket", "emitter");
        return events;
    }

    @Override
    public dev.loop.api.Registration whenClosed(Runnable action) {
        return once(CLOSE, hadError -> action.run());
    }

    /** A data listener added: chunks that arrived before it follow on the next tick, in order. */
    private void listenersChanged(Event<?> event) {
        if (event == DATA) {
            flowSoon();
        }
    }

    /**
     * Adds a listener of {@link #CONNECT}: a {@link Net#connect} connection is established.
     *
     * @param listener the listener
     * @return this socket
     */
    public Socket onConnect(Runnable listener) {
        thread.check("Socket", "onConnect");
        on(CONNECT, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #DATA}, each chunk read; chunks that arrived before the first one
     * was added follow on the next tick, in order.
     *
     * @param listener receives a buffer of the bytes read, which it may keep
     * @return this socket
     */
    public Socket onData(Consumer<ByteBuffer> listener) {
        thread.check("Socket", "onData");
        on(DATA, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #END}: the peer ended its side, after the chunks it sent before
     * are delivered.
     *
     * @param listener the listener
     * @return this socket
     */
    public Socket onEnd(Runnable listener) {
        thread.check("Socket", "onEnd");
        on(END, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #DRAIN}: every queued write is written, after {@link #write}
     * returned false.
     *
     * @param listener the listener
     * @return this socket
     */
    public Socket onDrain(Runnable listener) {
        thread.check("Socket", "onDrain");
        on(DRAIN, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #TIMEOUT}: {@link #setTimeout} of idleness passed; the socket
     * stays open.
     *
     * @param listener the listener
     * @return this socket
     */
    public Socket onTimeout(Runnable listener) {
        thread.check("Socket", "onTimeout");
        on(TIMEOUT, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #ERROR}, the error that ends the connection; {@link #CLOSE} follows.
     *
     * @param listener the listener
     * @return this socket
     */
    public Socket onError(Consumer<Throwable> listener) {
        thread.check("Socket", "onError");
        on(ERROR, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #CLOSE}: the socket is fully closed.
     *
     * @param listener receives whether it closed because of an error
     * @return this socket
     */
    public Socket onClose(Consumer<Boolean> listener) {
        thread.check("Socket", "onClose");
        on(CLOSE, listener);
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
            loop.nextTick(() -> events.emit(ERROR, error));
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
                events.emit(DRAIN);
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
            events.emit(FINISH);
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
        return !paused && events.listenerCount(DATA) > 0;
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
                events.emit(DATA, chunk);
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
            events.emit(DATA, chunk);
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
            events.emit(END);
            if (!allowHalfOpen && !destroyed) {
                end();
            }
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
            events.emit(TIMEOUT);
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
     * Whether this side stays writable after the peer ends its side (Node's {@code allowHalfOpen}):
     * false by default, so the socket ends once the peer's end is read and the queued writes are
     * done; true leaves the end to {@link #end()}. A server's sockets take it from
     * {@link ServerOptions#allowHalfOpen()}.
     *
     * @param allow whether to stay writable
     * @return this socket
     */
    public Socket setAllowHalfOpen(boolean allow) {
        thread.check("Socket", "setAllowHalfOpen");
        allowHalfOpen = allow;
        return this;
    }

    /**
     * Whether this side stays writable after the peer's end.
     *
     * @return {@link #setAllowHalfOpen}'s setting
     */
    public boolean allowHalfOpen() {
        thread.check("Socket", "allowHalfOpen");
        return allowHalfOpen;
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
     * Lets the loop end while this socket only waits to read ({@code socket.unref()}): its pending
     * read no longer keeps the loop alive. Writes in flight, and a connect under way, still do, as
     * in Node.
     *
     * @return this socket
     */
    public Socket unref() {
        thread.check("Socket", "unref");
        return referenced(false);
    }

    /**
     * Lets its reading keep the loop alive again (the default).
     *
     * @return this socket
     */
    public Socket ref() {
        thread.check("Socket", "ref");
        return referenced(true);
    }

    private Socket referenced(boolean ref) {
        referenced = ref;
        if (connection != null && !destroyed) {
            tcp.setReferenced(connection, ref);
        }
        return this;
    }

    /**
     * Whether its reading keeps the loop alive.
     *
     * @return false after {@link #unref()}
     */
    public boolean hasRef() {
        thread.check("Socket", "hasRef");
        return referenced;
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

    /**
     * Destroys the socket with an {@link AbortError} when {@code signal} aborts (on its loop, from
     * whatever thread aborts); the listener goes when the socket closes.
     */
    void abortOn(AbortSignal signal) {
        dev.loop.spi.LoopContext context = dev.loop.spi.LoopContext.of(loop);
        Runnable destroy = () -> fail(AbortError.of(signal));
        Registration abort = signal.whenAborted(() -> {
            if (loop.inLoop()) {
                loop.nextTick(destroy); // as Node's: before any I/O of this socket can complete
            } else {
                // a loop that closed meanwhile closed its sockets: nothing to do, nothing to throw at the aborter
                context.deliverUnlessClosed(destroy);
            }
        });
        events.on(CLOSE, hadError -> abort.close());
    }

    /** A name is being resolved for {@code address} (unresolved): what remoteAddress() reports meanwhile. */
    void resolving(InetSocketAddress address) {
        connectingTo = address;
    }

    /** The name could not be resolved: error, then close. */
    void lookupFailed(Throwable error) {
        fail(error);
    }

    /**
     * Connects to the first of {@code addresses} that accepts, in order (Node 20's
     * {@code autoSelectFamily}, one attempt at a time): a name such as {@code localhost} that
     * resolves to {@code ::1} and {@code 127.0.0.1} reaches a server that listens on only one of
     * them. When none accepts, the last attempt's error is reported.
     */
    void connect(java.util.List<InetSocketAddress> addresses) {
        connect(addresses, 0);
    }

    private void connect(java.util.List<InetSocketAddress> addresses, int attempt) {
        assert thread.isCurrent();
        if (destroyed) {
            return; // destroyed while its name was resolved, or between two attempts
        }
        InetSocketAddress address = addresses.get(attempt);
        connectingTo = address;
        tcp.connect(address, Completion.of(connected -> {
            if (destroyed) {
                tcp.close(connected, Completion.ignoring());
                return;
            }
            connection = connected;
            configure();
            if (!referenced) {
                tcp.setReferenced(connection, false); // unref'd while it connected
            }
            if (writesBeforeConnect != null) {
                for (ByteBuffer data : writesBeforeConnect) { // first: they were written first
                    send(data);
                }
                writesBeforeConnect = null;
            }
            if (ended) {
                shutdown();
            }
            events.emit(CONNECT);
            readNext();
        }, error -> {
            if (attempt + 1 < addresses.size() && !destroyed) {
                connect(addresses, attempt + 1);
            } else {
                fail(ErrnoExceptions.mapNet(error, "connect to", address));
            }
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

    /** Closes once: {@code error} (or none) goes to the error listeners, then the close ones run. */
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
        Runnable report = () -> {
            if (error != null) {
                events.emit(ERROR, error);
            }
            events.emit(CLOSE, error != null);
        };
        if (connection == null) {
            loop.nextTick(report);
            return;
        }
        tcp.close(connection, Completion.of(ignored -> {
            report.run();
        }, closeError -> {
            report.run();
        }));
    }
}
