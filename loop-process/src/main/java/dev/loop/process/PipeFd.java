package dev.loop.process;

import dev.loop.process.os.Posix;
import dev.loop.process.os.Reactor;
import dev.loop.spi.LoopContext;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

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

    /** The most one read takes: a pipe's default capacity. */
    static final int CHUNK = 64 * 1024;
    /** A read shorter than this is copied into an array of its size; a longer one keeps its array. */
    private static final int KEEP = CHUNK / 2;
    /**
     * A pipe found full this many times grows to {@link #GROWN} bytes: a stream that carries a lot
     * then costs a sixteenth of the wake-ups (the reactor's and the loop's) per byte, while the
     * pipes of commands that say little keep the default 64 KiB, which counts toward the user's
     * limit of pipe memory ({@code /proc/sys/fs/pipe-user-pages-soft}).
     */
    private static final int FULL_BEFORE_GROWING = 4;
    static final int GROWN = 1 << 20;

    private final LoopContext context;
    private final int fd;
    private final Reactor reactor = Reactor.get();
    private final long token = reactor.newToken();
    private final Runnable handler;
    private int full;
    /** An array a read did not hand out (it read nothing, or little), for the next read. */
    private byte[] spare;
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
     * @return the bytes, in an array of their own; empty at end of file; null when nothing waits now
     * @throws java.io.IOException if the read failed
     */
    java.nio.ByteBuffer read() throws java.io.IOException {
        byte[] chunk = spare != null ? spare : new byte[CHUNK];
        spare = null;
        while (true) {
            long n = Posix.read(fd, MemorySegment.ofArray(chunk), CHUNK);
            if (n == CHUNK) {
                foundFull();
            }
            if (n >= KEEP) {
                return java.nio.ByteBuffer.wrap(chunk, 0, (int) n).slice(); // the caller owns the array now
            }
            if (n >= 0) {
                spare = chunk;
                return java.nio.ByteBuffer.wrap(Arrays.copyOf(chunk, (int) n));
            }
            if (n == -Posix.EAGAIN) {
                spare = chunk;
                return null;
            }
            if (n != -Posix.EINTR) {
                throw new java.io.IOException("read from the child's pipe failed: errno " + -n);
            }
        }
    }

    /**
     * Writes what the pipe takes now of {@code data}.
     *
     * @param data the bytes: a heap array's or a buffer's segment
     * @return the bytes written (0 when the pipe is full), or {@code -errno}
     */
    long write(MemorySegment data) {
        while (true) {
            long n = Posix.write(fd, data, data.byteSize());
            if (n == -Posix.EAGAIN || (n >= 0 && n < data.byteSize())) {
                foundFull();
            }
            if (n == -Posix.EAGAIN) {
                return 0;
            }
            if (n != -Posix.EINTR) {
                return n;
            }
        }
    }

    /** The pipe was full (a read took a whole default pipe, or a write did not fit): grow it after a few. */
    private void foundFull() {
        if (++full == FULL_BEFORE_GROWING) {
            Posix.setPipeSize(fd, GROWN); // may fail past the user's limit: the pipe keeps its size
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
        spare = null;
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
