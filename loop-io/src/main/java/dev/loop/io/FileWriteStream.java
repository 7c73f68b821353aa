package dev.loop.io;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventSource;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.FileHandle;
import dev.loop.io.spi.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A file written in chunks ({@code fs.createWriteStream}), created or truncated. {@link #write}
 * queues a buffer (the stream owns it until written) and returns false once
 * {@code highWaterMark} bytes or more wait; {@link #DRAIN} is emitted when all are written.
 * {@link #end()} finishes: after the queued writes, the file is closed, then {@link #FINISH} is
 * emitted. A write after {@code end} is an {@code ERR_STREAM_WRITE_AFTER_END} error. Listeners
 * are added in order ({@link EventSource}).
 *
 * <p><b>Thread safety:</b> loop thread only: every method throws {@link IllegalStateException} on
 * another thread; every event runs on the loop thread.
 */
public final class FileWriteStream implements WritableStream {

    /** Every queued write is written, after {@link #write} returned false ({@code 'drain'}). */
    public static final Event<Void> DRAIN = Streams.DRAIN;
    /** Every write is written and the file closed, after {@link #end()} ({@code 'finish'}). */
    public static final Event<Void> FINISH = Streams.FINISH;
    /** The error that stopped the stream ({@code 'error'}). */
    public static final Event<Throwable> ERROR = Streams.ERROR;
    /** The file is closed, after the finish, an error or {@link #destroy()} ({@code 'close'}). */
    public static final Event<Void> CLOSE = Streams.CLOSE;

    private final dev.loop.api.EventLoop loop;
    private final FileIo files;
    private final ChunkPool pool;
    private final LoopThread thread;
    private final Path path;
    private final int highWaterMark;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** In step with {@link #queue}: whether each buffer was lent from the pool ({@link #writeLent}). */
    private final ArrayDeque<Boolean> lentQueue = new ArrayDeque<>();
    private FileHandle file;
    private boolean opening;
    private boolean writing;
    private boolean ending;
    private boolean finished;
    private boolean failed;
    private boolean needDrain;
    /** {@link #destroy()} was called. */
    private boolean destroyed;
    private long buffered;
    private final Emitter events = new Emitter();

    FileWriteStream(dev.loop.api.EventLoop loop, FileIo files, ChunkPool pool, LoopThread thread, Path path,
            int highWaterMark) {
        this.loop = loop;
        this.files = files;
        this.pool = pool;
        this.thread = thread;
        this.path = path;
        this.highWaterMark = highWaterMark;
    }

    @Override
    public Emitter emitter() {
        thread.check("FileWriteStream", "emitter");
        return events;
    }

    /**
     * Adds a listener of {@link #DRAIN}.
     *
     * @param listener the listener
     * @return this stream
     */
    public FileWriteStream onDrain(Runnable listener) {
        thread.check("FileWriteStream", "onDrain");
        on(DRAIN, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #FINISH}.
     *
     * @param listener the listener
     * @return this stream
     */
    public FileWriteStream onFinish(Runnable listener) {
        thread.check("FileWriteStream", "onFinish");
        on(FINISH, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #ERROR}.
     *
     * @param listener the listener
     * @return this stream
     */
    public FileWriteStream onError(Consumer<Throwable> listener) {
        thread.check("FileWriteStream", "onError");
        on(ERROR, listener);
        return this;
    }

    /**
     * Queues {@code data}; the buffer belongs to the stream until written.
     *
     * @param data the bytes, from position to limit
     * @return false once {@code highWaterMark} bytes or more wait: wait for {@link #DRAIN}
     */
    public boolean write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        thread.check("FileWriteStream", "write");
        return queue(data, false);
    }

    /** The pool a lent chunk goes back to ({@link ChunkPool}). */
    ChunkPool chunkPool() {
        return pool;
    }

    /** {@link #write} of a chunk lent from {@link #chunkPool()}, given back once written or dropped. */
    boolean writeLent(ByteBuffer chunk) {
        assert thread.isCurrent();
        return queue(chunk, true);
    }

    private boolean queue(ByteBuffer data, boolean lent) {
        if (ending || failed || destroyed) {
            if (lent) {
                pool.give(data);
            }
            ErrnoException error = destroyed
                    ? new ErrnoException("ERR_STREAM_DESTROYED", "write after destroy of the stream to '" + path + "'", path, null)
                    : new ErrnoException("ERR_STREAM_WRITE_AFTER_END", "write after end of the stream to '" + path + "'", path, null);
            loop.nextTick(() -> events.emit(ERROR, error));
            return false;
        }
        queue.add(data);
        lentQueue.add(lent);
        buffered += data.remaining();
        pump();
        boolean belowMark = buffered < highWaterMark;
        if (!belowMark) {
            needDrain = true;
        }
        return belowMark;
    }

    /**
     * Drops what waits and closes the file (Node's {@code destroy()}): no finish event. A write or
     * an open in flight completes first, then the file is closed. Calls after the first, after the
     * finish or after an error, do nothing.
     */
    @Override
    public void destroy() {
        thread.check("FileWriteStream", "destroy");
        if (finished || failed || destroyed) {
            return;
        }
        destroyed = true;
        while (!queue.isEmpty()) { // none of them is in flight: the one being written was polled
            ByteBuffer dropped = queue.poll();
            if (lentQueue.poll()) {
                pool.give(dropped);
            }
        }
        needDrain = false;
        if (!writing && !opening) {
            closeDestroyed();
        }
    }

    private void closeDestroyed() {
        finished = true;
        if (file != null) {
            files.close(file, Completion.of(ignored -> events.emit(CLOSE), error -> events.emit(CLOSE)));
        } else {
            loop.nextTick(() -> events.emit(CLOSE));
        }
    }

    /** Finishes once the queued writes are written; the file is then closed. */
    public void end() {
        thread.check("FileWriteStream", "end");
        if (ending) {
            return;
        }
        ending = true;
        pump();
    }

    private void pump() {
        assert thread.isCurrent();
        if (writing || opening || failed || finished) {
            return;
        }
        if (destroyed) {
            closeDestroyed(); // after the open or write that was in flight
            return;
        }
        if (file == null) {
            opening = true;
            files.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                    completion("open", () -> { }, opened -> {
                        opening = false;
                        file = opened;
                        pump();
                    }));
            return;
        }
        ByteBuffer next = queue.poll();
        boolean lent = next != null && lentQueue.poll();
        if (next == null) {
            if (ending) {
                finished = true;
                files.close(file, completion("close", () -> { }, ignored -> {
                    events.emit(FINISH);
                    events.emit(CLOSE);
                }));
            }
            return;
        }
        writing = true;
        // the write's completion (success or failure) is when a lent chunk is free again
        Runnable release = lent ? () -> pool.give(next) : () -> { };
        files.write(file, next, FileIo.CURRENT, completion("write", release, written -> {
            writing = false;
            release.run();
            buffered -= written;
            if (needDrain && buffered == 0) {
                needDrain = false;
                events.emit(DRAIN);
            }
            pump();
        }));
    }

    private <T> Completion<T> completion(String operation, Runnable onFailure, Consumer<T> then) {
        return Completion.of(result -> {
            then.accept(result);
        }, error -> {
            onFailure.run();
            opening = false;
            writing = false;
            failed = true;
            if (file != null && !finished) {
                finished = true;
                files.close(file, Completion.ignoring());
            }
            if (destroyed) {
                return; // destroyed: what failed in flight is nobody's concern now
            }
            events.emit(ERROR, ErrnoExceptions.map(error, operation, path));
            events.emit(CLOSE);
        });
    }
}
