package dev.loop.io;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.FileHandle;
import dev.loop.io.spi.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A file read in chunks ({@code fs.createReadStream}): reading starts when the first
 * {@link #DATA data listener} is added, one chunk of at most {@code highWaterMark} bytes at a time,
 * and {@link #pause()} holds it back until {@link #resume()}, which is how a consumer applies back
 * pressure (pipe it into a {@link FileWriteStream} or a {@link Socket} and pause while their
 * {@code write} returns false). Then {@link #END} and {@link #CLOSE} are emitted; on an error,
 * {@link #ERROR} and {@link #CLOSE}. Listeners are added in order ({@link EventSource}).
 *
 * <p><b>Thread safety:</b> loop thread only: every method throws {@link IllegalStateException} on
 * another thread; every event runs on the loop thread.
 */
public final class FileReadStream implements ReadableStream {

    /** A chunk ({@code 'data'}): a fresh buffer, which listeners may keep. */
    public static final Event<ByteBuffer> DATA = Streams.DATA;
    /** After the last chunk ({@code 'end'}). */
    public static final Event<Void> END = Streams.END;
    /** The error that stopped the stream ({@code 'error'}), such as {@link NoSuchFileOrDirectoryException}. */
    public static final Event<Throwable> ERROR = Streams.ERROR;
    /** The file is closed, after the end or an error ({@code 'close'}). */
    public static final Event<Void> CLOSE = Streams.CLOSE;

    private final EventLoop loop;
    private final FileIo files;
    private final ChunkPool pool;
    private final LoopThread thread;
    private final Path path;
    private final int highWaterMark;
    private FileHandle file;
    private boolean opening;
    private boolean reading;
    private boolean paused;
    /** A data listener was added once: from then on it reads to the end. */
    private boolean started;
    /** {@link #destroy()} was called: an open or read in flight closes the file when it completes. */
    private boolean destroyed;
    /** A chunk read while paused, delivered on resume; at most one. */
    private ByteBuffer held;
    /** The end was read while paused: it follows the held chunk on resume. */
    private boolean endHeld;
    private boolean done;
    /** A pipeline link asked for pooled chunks ({@link #lendChunks}). */
    private boolean lending;
    /** The pooled chunk being delivered, if it is one; null otherwise. */
    private ByteBuffer delivering;
    private long position;
    private final Emitter events = new Emitter(this::listenersChanged);

    FileReadStream(EventLoop loop, FileIo files, ChunkPool pool, LoopThread thread, Path path, int highWaterMark) {
        this.loop = loop;
        this.files = files;
        this.pool = pool;
        this.thread = thread;
        this.path = path;
        this.highWaterMark = highWaterMark;
    }

    @Override
    public Emitter emitter() {
        thread.check("FileReadStream", "emitter");
        return events;
    }

    /**
     * The first data listener starts reading. Once started, the stream reads to the end and closes
     * its file even if its last data listener is removed, dropping the chunks, as Node's flowing
     * stream does: a file is never left open by a stream nobody reads.
     */
    private void listenersChanged(Event<?> event) {
        if (event == DATA && events.listenerCount(DATA) > 0) {
            started = true;
            next();
        }
    }

    /**
     * Adds a listener of {@link #DATA}, each chunk, and starts reading.
     *
     * @param listener receives a fresh buffer, which it may keep
     * @return this stream
     */
    public FileReadStream onData(Consumer<ByteBuffer> listener) {
        thread.check("FileReadStream", "onData");
        on(DATA, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #END}, after the last chunk.
     *
     * @param listener the listener
     * @return this stream
     */
    public FileReadStream onEnd(Runnable listener) {
        thread.check("FileReadStream", "onEnd");
        on(END, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #ERROR}, the error that stopped the stream.
     *
     * @param listener the listener
     * @return this stream
     */
    public FileReadStream onError(Consumer<Throwable> listener) {
        thread.check("FileReadStream", "onError");
        on(ERROR, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #CLOSE}: the file is closed, after the end or an error.
     *
     * @param listener the listener
     * @return this stream
     */
    public FileReadStream onClose(Runnable listener) {
        thread.check("FileReadStream", "onClose");
        on(CLOSE, listener);
        return this;
    }

    /**
     * Stops delivering chunks until {@link #resume()}. One chunk more is read meanwhile and held,
     * so that a resume finds it ready (a pipeline's next read overlaps its write), but none is
     * delivered while paused.
     */
    @Override
    public void pause() {
        thread.check("FileReadStream", "pause");
        paused = true;
    }

    /**
     * Stops reading and closes the file (Node's {@code destroy()}): no end event, and the close
     * event follows once the file is closed (after an open or a read in flight, whose result is
     * dropped). Calls after the first, and after the end, do nothing.
     */
    @Override
    public void destroy() {
        thread.check("FileReadStream", "destroy");
        if (destroyed || done && !endHeld) {
            return; // destroyed already, or ended (its file closed or closing)
        }
        done = true;
        destroyed = true;
        if (held != null) {
            dropped(held);
            held = null;
        }
        if (endHeld) {
            endHeld = false; // read to the end while paused: the file is open, and idle
            closeFile(null);
        } else if (!opening && !reading) {
            closeFile(null);
        }
    }

    /** Delivers the chunk held while paused, if any, then reads on. */
    @Override
    public void resume() {
        thread.check("FileReadStream", "resume");
        paused = false;
        if (held != null) {
            ByteBuffer chunk = held;
            held = null;
            deliver(chunk); // a listener may pause again
        }
        if (endHeld && !paused && !destroyed) {
            endHeld = false;
            events.emit(END);
            closeFile(null);
            return;
        }
        next();
    }

    private void next() {
        assert thread.isCurrent();
        if (done || reading || opening || !started || held != null || endHeld) {
            return;
        }
        if (file == null) {
            opening = true;
            files.open(path, Set.of(StandardOpenOption.READ), completion(opened -> {
                opening = false;
                file = opened;
                if (destroyed) {
                    closeFile(null); // destroyed while it opened
                    return;
                }
                next();
            }, failed -> { }, "open"));
            return;
        }
        reading = true;
        // Pooled only for a link that gives it back, and nobody else to see it; else a fresh
        // buffer, which listeners may keep. Either is read into without a copy, never copied after.
        ByteBuffer chunk = lending && events.listenerCount(DATA) == 1 ? pool.take(highWaterMark)
                : ByteBuffer.allocate(highWaterMark);
        files.read(file, chunk, position, completion(count -> {
            reading = false;
            if (done) {
                dropped(chunk);
                if (destroyed) {
                    closeFile(null); // destroyed while it read
                }
                return;
            }
            if (count < 0) {
                dropped(chunk);
                done = true;
                if (paused || held != null) {
                    endHeld = true; // the end follows the held chunk, on resume
                    return;
                }
                events.emit(END);
                closeFile(null);
                return;
            }
            position += count;
            chunk.flip();
            if (paused) {
                held = chunk; // read ahead while paused: delivered on resume
                return;
            }
            deliver(chunk);
            next();
        }, error -> dropped(chunk), "read"));
    }

    private void deliver(ByteBuffer chunk) {
        if (chunk.isDirect() && !(lending && events.listenerCount(DATA) == 1)) {
            // Read for the link while it was alone; a listener came since, and may keep what it
            // gets: a fresh heap copy, and the pooled buffer goes back.
            ByteBuffer copy = ByteBuffer.allocate(chunk.remaining()).put(chunk).flip();
            pool.give(chunk);
            chunk = copy;
        }
        delivering = chunk.isDirect() ? chunk : null;
        try {
            events.emit(DATA, chunk);
        } finally {
            delivering = null;
        }
    }

    /** A chunk nobody was given: a pooled one goes back (the read that filled it has completed). */
    private void dropped(ByteBuffer chunk) {
        if (chunk.isDirect()) {
            pool.give(chunk);
        }
    }

    /** The pool it lends chunks from ({@link ChunkPool}). */
    ChunkPool chunkPool() {
        return pool;
    }

    /**
     * Starts or stops lending: a pipeline link to a {@link FileWriteStream} turns it on when it
     * adds its data listener, and off when the pipeline removes it. While on, a chunk is read into
     * a pooled buffer if the link's listener is the only data listener when the read starts.
     */
    void lendChunks(boolean lending) {
        assert thread.isCurrent();
        this.lending = lending;
    }

    /**
     * Asked by the link's data listener while {@code chunk} is delivered: true if it is a pooled
     * buffer that no other listener sees (any other listener may keep what it is given), which
     * the link must give back once written.
     */
    boolean lent(ByteBuffer chunk) {
        return chunk == delivering && events.listenerCount(DATA) == 1;
    }

    private <T> Completion<T> completion(Consumer<T> then, Consumer<Throwable> cleanup, String operation) {
        return Completion.of(result -> {
            then.accept(result);
        }, error -> {
            cleanup.accept(error);
            opening = false;
            reading = false;
            if (!done) {
                done = true;
                closeFile(ErrnoExceptions.map(error, operation, path));
            } else if (destroyed) {
                closeFile(null); // destroyed while its open or read was failing
            }
        });
    }

    private void closeFile(Throwable error) {
        Runnable report = () -> {
            if (error != null) {
                events.emit(ERROR, error);
            }
            events.emit(CLOSE);
        };
        if (file == null) {
            loop.nextTick(report);
            return;
        }
        files.close(file, Completion.of(ignored -> {
            report.run();
        }, closeError -> {
            report.run();
        }));
    }
}
