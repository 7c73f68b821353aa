package dev.loop.process;

import dev.loop.process.os.Posix;
import dev.loop.process.os.Reactor;
import dev.loop.spi.LoopContext;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The parent's non-blocking end of one of a child's pipes, owned by a loop: it asks the
 * {@link Reactor} for one readiness event at a time, and runs its handler on the loop when it comes
 * (libuv's {@code uv__io_t}, with the epoll on another thread).
 *
 * <p><b>Thread safety:</b> loop thread only; the reactor thread only hands the loop a task.
 * Happens-before: {@link #arm} runs on the loop before the kernel can report the descriptor, and
 * the report reaches the loop through {@link LoopContext#deliverUnlessClosed}, whose hand-over
 * orders the loop's task after the reactor's callback.
 */
final class PipeFd {

    /** The most one read takes, and one write gives. */
    static final int CHUNK = 64 * 1024;
    /** One native buffer per thread for reads and writes: the loop copies through it. */
    private static final ThreadLocal<MemorySegment> BUFFER = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(CHUNK, 64));

    private final LoopContext context;
    private final int fd;
    private final Reactor reactor = Reactor.get();
    private final long token = reactor.newToken();
    private final Runnable handler;
    private boolean registered;
    private boolean armed;
    private boolean closed;

    /**
     * @param context the owning loop
     * @param fd the descriptor, which this now owns
     * @param handler runs on the loop, as a task, when the descriptor is ready
     */
    PipeFd(LoopContext context, int fd, Runnable handler) {
        this.context = context;
        this.fd = fd;
        this.handler = handler;
    }

    /** Asks for one event: readable ({@link Reactor#IN}) or writable ({@link Reactor#OUT}). */
    void arm(int events) {
        if (armed || closed) {
            return;
        }
        armed = true;
        if (registered) {
            reactor.rearm(fd, token, events);
        } else {
            registered = true;
            reactor.register(fd, events, token, () -> context.deliverUnlessClosed(this::ready));
        }
    }

    private void ready() {
        armed = false;
        if (!closed) {
            handler.run();
        }
    }

    /**
     * Reads what is there, up to {@link #CHUNK} bytes.
     *
     * @return the bytes; empty at end of file; null when nothing waits now
     * @throws java.io.IOException if the read failed
     */
    byte[] read() throws java.io.IOException {
        MemorySegment buffer = BUFFER.get();
        while (true) {
            long n = Posix.read(fd, buffer, CHUNK);
            if (n >= 0) {
                return buffer.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            }
            if (n == -Posix.EAGAIN) {
                return null;
            }
            if (n != -Posix.EINTR) {
                throw new java.io.IOException("read from the child's pipe failed: errno " + -n);
            }
        }
    }

    /**
     * Writes what the pipe takes now of {@code data[from, to)}.
     *
     * @return the bytes written (0 when the pipe is full), or {@code -errno}
     */
    long write(byte[] data, int from, int to) {
        MemorySegment buffer = BUFFER.get();
        int length = Math.min(to - from, CHUNK);
        MemorySegment.copy(data, from, buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, length);
        while (true) {
            long n = Posix.write(fd, buffer, length);
            if (n == -Posix.EAGAIN) {
                return 0;
            }
            if (n != -Posix.EINTR) {
                return n;
            }
        }
    }

    boolean closed() {
        return closed;
    }

    /** Stops watching the descriptor and closes it. Does nothing the second time. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registered) {
            reactor.unregister(fd, token);
        }
        Posix.close(fd);
    }

    @Override
    public String toString() {
        return "PipeFd[" + fd + (closed ? ", closed" : "") + "]";
    }
}
