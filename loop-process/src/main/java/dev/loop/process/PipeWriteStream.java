package dev.loop.process;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
import dev.loop.io.ErrnoException;
import dev.loop.process.os.Posix;
import dev.loop.process.os.Reactor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A child's standard input, written by the parent's loop: Node's {@code subprocess.stdin} as a
 * writable stream. {@link #write} never blocks: what the pipe does not take now waits here and goes
 * when the child reads. Events run on the loop: drain, finish (after {@link #end()}, once every
 * byte is in the pipe and the pipe is closed), error ({@code EPIPE} when the child closed its end),
 * close. Each has a constant ({@link #DRAIN}, {@link #FINISH}, {@link #ERROR}, {@link #CLOSE}), and
 * listeners are added in order ({@link EventSource}).
 *
 * <p><b>Back pressure.</b> {@link #write} returns false once {@link #HIGH_WATER_MARK} bytes or more
 * wait here; a drain event follows when they have all gone into the pipe. Nothing is dropped if the
 * caller writes on regardless.
 *
 * <p><b>Liveness.</b> Bytes waiting to be written keep the loop alive.
 *
 * <p><b>Threads:</b> use it on its loop's thread.
 */
public final class PipeWriteStream implements dev.loop.io.WritableStream {

    /** Everything that waited has gone into the pipe, after {@link #write} returned false ({@code 'drain'}). */
    public static final Event<Void> DRAIN = dev.loop.io.Streams.DRAIN;
    /** After {@link #end()}, everything went into the pipe, which is closed ({@code 'finish'}). */
    public static final Event<Void> FINISH = dev.loop.io.Streams.FINISH;
    /** Writing failed ({@code EPIPE} once the child closed its standard input); what waited is dropped, and close follows. Without a listener it is logged. */
    public static final Event<Throwable> ERROR = PipeEnd.ERROR;
    /** The pipe is closed, the last event ({@code 'close'}). */
    public static final Event<Void> CLOSE = PipeEnd.CLOSE;

    /** Waiting bytes at which {@link #write} returns false: Node's default for streams, 16 KiB. */
    public static final int HIGH_WATER_MARK = 16 * 1024;

    private final PipeEnd base;
    private final PipeFd pipe;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    /** Bytes of the queue's first chunk already written. */
    private int offset;
    private long queued;
    private boolean needDrain;
    private boolean ending;
    /** Inside a task of the loop's (a writable event), where events run as callbacks at once. */
    private boolean inTask;

    PipeWriteStream(EventLoop loop, int fd, String name, Runnable closedHook) {
        this.base = new PipeEnd(loop, fd, name, closedHook, this::writable, null);
        this.pipe = base.pipe;
    }

    /**
     * Writes bytes; the buffer's remaining bytes are copied now.
     *
     * @param data the bytes
     * @return false when {@link #HIGH_WATER_MARK} bytes or more wait (a drain event follows)
     * @throws IllegalStateException after {@link #end()} or {@link #destroy()}, or once the pipe
     *     broke
     */
    public boolean write(ByteBuffer data) {
        checkWritable();
        ByteBuffer rest = data.duplicate();
        if (queue.isEmpty() && rest.hasRemaining()) {
            // Straight into the pipe, as much as it takes: only what it does not take is copied.
            while (rest.hasRemaining()) {
                long written = pipe.write(MemorySegment.ofBuffer(rest));
                if (written <= 0) {
                    if (written < 0) {
                        fail(written);
                        return queued < HIGH_WATER_MARK;
                    }
                    break;
                }
                rest.position(rest.position() + (int) written);
            }
        }
        byte[] bytes = new byte[rest.remaining()];
        rest.get(bytes);
        return enqueue(bytes);
    }

    /**
     * Writes bytes; they are copied now.
     *
     * @param data the bytes
     * @return as {@link #write(ByteBuffer)}
     */
    public boolean write(byte[] data) {
        return enqueue(data.clone());
    }

    /**
     * Writes text as UTF-8.
     *
     * @param text the text
     * @return as {@link #write(ByteBuffer)}
     */
    public boolean write(String text) {
        return enqueue(text.getBytes(StandardCharsets.UTF_8));
    }

    private void checkWritable() {
        base.checkLoopThread();
        if (ending || pipe.closed()) {
            throw new IllegalStateException(base.name + " is " + (ending ? "ended" : "closed") + ": nothing more can be written to it");
        }
    }

    private boolean enqueue(byte[] bytes) {
        checkWritable();
        if (bytes.length > 0) {
            queue.addLast(bytes);
            queued += bytes.length;
            if (queue.size() == 1) {
                flush();
            }
        }
        if (queued >= HIGH_WATER_MARK) {
            needDrain = true;
            return false;
        }
        return true;
    }

    /**
     * Closes the child's standard input once everything written so far has gone into the pipe;
     * finish and close follow. Does nothing the second time.
     */
    public void end() {
        base.checkLoopThread();
        if (ending || pipe.closed()) {
            return;
        }
        ending = true;
        if (queue.isEmpty()) {
            finish();
        }
    }

    /** Closes the pipe now: what waits here is dropped; close follows. */
    public void destroy() {
        base.checkLoopThread();
        if (!pipe.closed()) {
            closeNow();
        }
    }

    /**
     * Bytes written and not yet in the pipe.
     *
     * @return the count
     */
    public long writableLength() {
        return queued;
    }

    @Override
    public Emitter emitter() {
        base.checkLoopThread();
        return base.events;
    }

    /**
     * Adds a listener of {@link #DRAIN}.
     *
     * @param listener the listener
     * @return this
     */
    public PipeWriteStream onDrain(Runnable listener) {
        on(DRAIN, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #FINISH}.
     *
     * @param listener the listener
     * @return this
     */
    public PipeWriteStream onFinish(Runnable listener) {
        on(FINISH, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #ERROR}. Without one, the error is logged.
     *
     * @param listener the listener
     * @return this
     */
    public PipeWriteStream onError(Consumer<Throwable> listener) {
        on(ERROR, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #CLOSE}, the last event.
     *
     * @param listener the listener
     * @return this
     */
    public PipeWriteStream onClose(Runnable listener) {
        on(CLOSE, listener);
        return this;
    }

    /**
     * Whether the pipe is closed.
     *
     * @return true after finish, an error or {@link #destroy()}
     */
    public boolean closed() {
        return pipe.closed();
    }

    /** The child exited: as Node, its standard input is destroyed. */
    void childExited() {
        if (!pipe.closed()) {
            closeNow();
        }
    }

    /** The loop closed: release the descriptor, telling nobody. */
    void release() {
        pipe.close();
    }

    /** On the loop: the pipe has room again. */
    private void writable() {
        inTask = true;
        try {
            flush();
        } finally {
            inTask = false;
        }
    }

    /** Writes what the pipe takes; arms for room when it takes no more. */
    private void flush() {
        while (!queue.isEmpty()) {
            byte[] head = queue.peekFirst();
            long written = pipe.write(MemorySegment.ofArray(head).asSlice(offset));
            if (written < 0) {
                fail(written);
                return;
            }
            if (written == 0) {
                base.keepAlive.ref();
                pipe.arm(Reactor.OUT);
                return;
            }
            offset += (int) written;
            queued -= written;
            if (offset == head.length) {
                queue.pollFirst();
                offset = 0;
            }
        }
        base.keepAlive.unref();
        if (needDrain) {
            needDrain = false;
            emit(() -> base.events.emit(DRAIN));
        }
        // A drain listener run just now (inside a readiness task) may have written more, and even
        // ended: finish only once nothing waits, and only once (its own flush may have finished).
        if (ending && queue.isEmpty() && !pipe.closed()) {
            finish();
        }
    }

    private void finish() {
        base.closePipe();
        emit(() -> base.events.emit(FINISH));
        emit(base::emitClose);
    }

    private void fail(long errno) {
        fail(errno == -Posix.EPIPE
                ? new ErrnoException("EPIPE", "write EPIPE: the child closed its standard input (" + base.name + ")", null, null)
                : new ErrnoException("EIO", "write to " + base.name + " failed: errno " + -errno, null, null));
    }

    private void fail(Throwable error) {
        queue.clear();
        queued = 0;
        emit(() -> base.report(error));
        closeNow();
    }

    private void closeNow() {
        queue.clear();
        queued = 0;
        base.closePipe();
        emit(base::emitClose);
    }

    /** Runs an event as a callback now inside the loop's task, or on the next tick inside the caller's. */
    private void emit(Runnable event) {
        if (inTask) {
            base.context.invoke(event);
        } else {
            base.loop.nextTick(event);
        }
    }

    @Override
    public String toString() {
        return "PipeWriteStream[" + base + "]";
    }
}
