package dev.loop.io;

import dev.loop.api.Emitter;
import dev.loop.api.EventLoop;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Function;

/**
 * A stage between a readable and a writable stream (Node's {@code Transform}), made from a
 * function of a chunk: what is written comes out mapped, in order, as {@link Streams#DATA}. While
 * its reader is paused (or has no data listener yet) the mapped chunks wait, and {@link #write}
 * returns false once one waits; {@link Streams#DRAIN} follows when they are delivered. After
 * {@link #end()}, {@link Streams#END} (its readable side) and {@link Streams#FINISH} (its writable
 * side) follow the last chunk. A function that throws is this stream's {@link Streams#ERROR}.
 * Make one with {@link Streams#transform}.
 *
 * <p><b>Threads:</b> loop thread only.
 */
public final class TransformStream implements ReadableStream, WritableStream {

    private final EventLoop loop;
    private final Function<ByteBuffer, ByteBuffer> function;
    private final Emitter events = new Emitter(event -> {
        if (event == Streams.DATA) {
            flush(); // a reader came
        }
    });
    private final ArrayDeque<ByteBuffer> waiting = new ArrayDeque<>();
    private boolean paused;
    private boolean ending;
    private boolean ended;
    private boolean destroyed;
    private boolean needDrain;

    TransformStream(EventLoop loop, Function<ByteBuffer, ByteBuffer> function) {
        this.loop = loop;
        this.function = Objects.requireNonNull(function, "function");
    }

    @Override
    public Emitter emitter() {
        requireLoopThread();
        return events;
    }

    @Override
    public boolean write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        requireLoopThread();
        if (destroyed || ending) {
            return false;
        }
        ByteBuffer mapped;
        try {
            mapped = function.apply(data);
        } catch (RuntimeException e) {
            destroyed = true;
            waiting.clear();
            loop.nextTick(() -> { // as a stream's errors: never inside the caller; the error, then the close
                events.emit(Streams.ERROR, e);
                events.emit(Streams.CLOSE);
            });
            return false;
        }
        if (mapped != null && mapped.hasRemaining()) {
            waiting.add(mapped);
        }
        flush();
        if (waiting.isEmpty()) {
            return true;
        }
        needDrain = true;
        return false;
    }

    @Override
    public void end() {
        requireLoopThread();
        if (destroyed || ending) {
            return;
        }
        ending = true;
        flush();
    }

    @Override
    public void pause() {
        requireLoopThread();
        paused = true;
    }

    @Override
    public void resume() {
        requireLoopThread();
        paused = false;
        flush();
    }

    @Override
    public void destroy() {
        requireLoopThread();
        if (destroyed) {
            return;
        }
        destroyed = true;
        waiting.clear();
        if (!ended) {
            loop.nextTick(() -> events.emit(Streams.CLOSE));
        }
    }

    @Override
    public dev.loop.api.Registration whenClosed(Runnable action) {
        return ReadableStream.super.whenClosed(action); // both sides close together
    }

    /** Delivers what waits while a reader flows; then drain, or the end once ended. */
    private void flush() {
        while (!waiting.isEmpty() && !paused && !destroyed && events.listenerCount(Streams.DATA) > 0) {
            events.emit(Streams.DATA, waiting.poll());
        }
        if (!waiting.isEmpty() || destroyed) {
            return;
        }
        if (needDrain) {
            needDrain = false;
            events.emit(Streams.DRAIN);
        }
        if (ending && !ended && !paused) {
            ended = true;
            events.emit(Streams.FINISH);
            events.emit(Streams.END);
            events.emit(Streams.CLOSE);
        }
    }

    private void requireLoopThread() {
        if (!loop.inLoop()) {
            throw new IllegalStateException("a TransformStream must be used on its loop's thread, " + loop);
        }
    }
}
