package dev.loop.process;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
import dev.loop.process.os.Reactor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A child's standard output or error, read by the parent's loop: Node's {@code subprocess.stdout}
 * as a readable stream. Its events run on the loop, in this order: data (chunks of up to 64 KiB, in
 * the order the child wrote them), end (the child closed its end), close. An error, if reading
 * fails, comes before close instead of end.
 *
 * <p>Each event has a constant ({@link #DATA}, {@link #END}, {@link #ERROR}, {@link #CLOSE}), and
 * listeners are added in order ({@link EventSource}).
 *
 * <p><b>Flow and back pressure.</b> Reading starts when a data listener is added, as in Node, and
 * stops while {@link #pause() paused}: nothing reads the pipe then, so a child that writes more
 * blocks on its own write, as under Node. Once the child has exited, a stream that nobody reads is
 * drained and its data dropped, so that the child's close event can follow (Node's
 * {@code flushStdio}).
 *
 * <p><b>Liveness.</b> A flowing stream keeps the loop alive until it ends.
 *
 * <p><b>Threads:</b> use it on its loop's thread.
 */
public final class PipeReadStream implements dev.loop.io.ReadableStream {

    /** A chunk of up to 64 KiB ({@code 'data'}): a buffer of its own, which listeners may keep. */
    public static final Event<ByteBuffer> DATA = dev.loop.io.Streams.DATA;
    /** The child closed its end, and every chunk has been delivered ({@code 'end'}). */
    public static final Event<Void> END = dev.loop.io.Streams.END;
    /** Reading failed ({@code 'error'}); close follows. Without a listener it is logged. */
    public static final Event<Throwable> ERROR = PipeEnd.ERROR;
    /** The pipe is closed, after end or error ({@code 'close'}). */
    public static final Event<Void> CLOSE = PipeEnd.CLOSE;

    /** How many chunks one readiness event reads at most (a grown pipe's worth), before other work gets its turn. */
    private static final int READS_PER_EVENT = PipeFd.GROWN / PipeFd.CHUNK;

    private final PipeEnd base;
    private final PipeFd pipe;
    private boolean paused;
    private boolean discarding;
    private boolean flowing;

    PipeReadStream(EventLoop loop, int fd, String name, Runnable closedHook) {
        this.base = new PipeEnd(loop, fd, name, closedHook, this::readable, event -> {
            if (event == DATA) {
                dataListenersChanged();
            }
        });
        this.pipe = base.pipe;
    }

    @Override
    public Emitter emitter() {
        base.checkLoopThread();
        return base.events;
    }

    /**
     * Adds a listener of {@link #DATA}; the first one starts reading unless paused.
     *
     * @param listener gets each chunk, a buffer of its own
     * @return this
     */
    public PipeReadStream onData(Consumer<ByteBuffer> listener) {
        on(DATA, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #END}: the child closed its end, and every chunk has been delivered.
     *
     * @param listener the listener
     * @return this
     */
    public PipeReadStream onEnd(Runnable listener) {
        on(END, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #ERROR}: reading failed. Without one, the error is logged.
     *
     * @param listener the listener
     * @return this
     */
    public PipeReadStream onError(Consumer<Throwable> listener) {
        on(ERROR, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #CLOSE}: the pipe is closed, after end or error.
     *
     * @param listener the listener
     * @return this
     */
    public PipeReadStream onClose(Runnable listener) {
        on(CLOSE, listener);
        return this;
    }

    /**
     * The first data listener starts reading (and ends a drain that nobody listened to). Once
     * reading, a stream whose last data listener is removed reads on and drops what it reads, as
     * Node's flowing stream does: the child is never left blocked on a pipe nobody empties, and its
     * close event still comes.
     */
    private void dataListenersChanged() {
        if (listening()) {
            discarding = false;
            flow();
        } else if (flowing) {
            discarding = true;
        }
    }

    private boolean listening() {
        return base.events.listenerCount(DATA) > 0;
    }

    /** Stops reading: data stays in the pipe (the child blocks once it is full) until {@link #resume()}. */
    public void pause() {
        base.checkLoopThread();
        paused = true;
        flowing = false;
        base.keepAlive.unref();
    }

    /** Reads again after {@link #pause()}; also starts a stream with no data listener, dropping its data. */
    public void resume() {
        base.checkLoopThread();
        paused = false;
        if (!listening()) {
            discarding = true;
        }
        flow();
    }

    /**
     * Whether the stream was paused.
     *
     * @return true between {@link #pause()} and {@link #resume()}
     */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Whether the pipe is closed.
     *
     * @return true after close
     */
    public boolean closed() {
        return pipe.closed();
    }

    /** Closes the pipe now, without end: unread data is lost, and a child that writes more gets {@code EPIPE}. */
    public void destroy() {
        base.checkLoopThread();
        if (!pipe.closed()) {
            flowing = false;
            base.closePipe();
            base.loop.nextTick(base::emitClose); // as Node's destroy: close follows, never inside the caller
        }
    }

    /** The child exited: a stream nobody reads is drained, so that close can follow. */
    void childExited() {
        if (!pipe.closed() && (!listening() || paused)) {
            paused = false;
            discarding = !listening();
            flow();
        }
    }

    /** The loop closed: release the descriptor, telling nobody. */
    void release() {
        pipe.close();
    }

    private void flow() {
        if (paused || pipe.closed() || (!listening() && !discarding)) {
            return;
        }
        flowing = true;
        base.keepAlive.ref();
        pipe.arm(Reactor.IN);
    }

    /** On the loop: the pipe is readable, at end of file, or broken. */
    private void readable() {
        try {
            for (int i = 0; i < READS_PER_EVENT && flowing && !pipe.closed(); i++) {
                ByteBuffer chunk = pipe.read();
                if (chunk == null) {
                    break;
                }
                if (!chunk.hasRemaining()) {
                    end();
                    return;
                }
                if (!discarding && listening()) {
                    base.context.invoke(() -> base.events.emit(DATA, chunk));
                }
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (flowing && !pipe.closed()) {
            pipe.arm(Reactor.IN); // more may come; after a full batch, it is ready at once
        }
    }

    private void end() {
        if (base.events.listenerCount(END) > 0) {
            base.context.invoke(() -> base.events.emit(END));
        }
        closeNow();
    }

    private void fail(IOException error) {
        base.context.invoke(() -> base.report(error));
        closeNow();
    }

    private void closeNow() {
        flowing = false;
        base.closePipe();
        base.context.invoke(base::emitClose);
    }

    @Override
    public String toString() {
        return "PipeReadStream[" + base + "]";
    }
}
