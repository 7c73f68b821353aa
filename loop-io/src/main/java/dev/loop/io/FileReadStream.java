package dev.loop.io;

import dev.loop.api.EventLoop;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.FileHandle;
import dev.loop.io.spi.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A file read in chunks ({@code fs.createReadStream}): reading starts when a
 * {@link #onData data handler} is set, one chunk of at most {@code highWaterMark} bytes at a time,
 * and {@link #pause()} holds it back until {@link #resume()}, which is how a consumer applies back
 * pressure (pipe it into a {@link FileWriteStream} or a {@link Socket} and pause while their
 * {@code write} returns false). Then {@link #onEnd} and {@link #onClose} run; on an error,
 * {@link #onError} and {@link #onClose}.
 *
 * <p><b>Thread safety:</b> loop thread only: every method throws {@link IllegalStateException} on
 * another thread; every event runs on the loop thread.
 */
public final class FileReadStream {

    private final EventLoop loop;
    private final FileIo files;
    private final LoopThread thread;
    private final Path path;
    private final int highWaterMark;
    private FileHandle file;
    private boolean opening;
    private boolean reading;
    private boolean paused;
    private boolean done;
    private long position;
    private Consumer<ByteBuffer> onData;
    private Runnable onEnd = () -> { };
    private Consumer<Throwable> onError = error -> { };
    private Runnable onClose = () -> { };

    FileReadStream(EventLoop loop, FileIo files, LoopThread thread, Path path, int highWaterMark) {
        this.loop = loop;
        this.files = files;
        this.thread = thread;
        this.path = path;
        this.highWaterMark = highWaterMark;
    }

    /**
     * Receives each chunk, a fresh buffer the handler may keep, and starts reading.
     *
     * @param handler the handler
     * @return this stream
     */
    public FileReadStream onData(Consumer<ByteBuffer> handler) {
        thread.check("FileReadStream", "onData");
        this.onData = Objects.requireNonNull(handler, "handler");
        next();
        return this;
    }

    /**
     * Runs after the last chunk ({@code 'end'}).
     *
     * @param handler the handler
     * @return this stream
     */
    public FileReadStream onEnd(Runnable handler) {
        thread.check("FileReadStream", "onEnd");
        this.onEnd = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Receives the error that stopped the stream ({@code 'error'}), such as {@link NoSuchFileOrDirectoryException}.
     *
     * @param handler the handler
     * @return this stream
     */
    public FileReadStream onError(Consumer<Throwable> handler) {
        thread.check("FileReadStream", "onError");
        this.onError = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Runs once the file is closed, after the end or an error ({@code 'close'}).
     *
     * @param handler the handler
     * @return this stream
     */
    public FileReadStream onClose(Runnable handler) {
        thread.check("FileReadStream", "onClose");
        this.onClose = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Stops reading after the chunk in flight, until {@link #resume()}. */
    public void pause() {
        thread.check("FileReadStream", "pause");
        paused = true;
    }

    /** Reads on after {@link #pause()}. */
    public void resume() {
        thread.check("FileReadStream", "resume");
        paused = false;
        next();
    }

    private void next() {
        assert thread.isCurrent();
        if (done || paused || reading || opening || onData == null) {
            return;
        }
        if (file == null) {
            opening = true;
            files.open(path, Set.of(StandardOpenOption.READ), completion(opened -> {
                opening = false;
                file = opened;
                next();
            }, "open"));
            return;
        }
        reading = true;
        ByteBuffer chunk = ByteBuffer.allocate(highWaterMark);
        files.read(file, chunk, position, completion(count -> {
            reading = false;
            if (done) {
                return;
            }
            if (count < 0) {
                done = true;
                onEnd.run();
                closeFile(null);
                return;
            }
            position += count;
            onData.accept(ByteBuffer.wrap(Arrays.copyOf(chunk.array(), count)));
            next();
        }, "read"));
    }

    private <T> Completion<T> completion(Consumer<T> then, String operation) {
        return Completion.of(result -> {
            then.accept(result);
        }, error -> {
            opening = false;
            reading = false;
            if (!done) {
                done = true;
                closeFile(ErrnoExceptions.map(error, operation, path));
            }
        });
    }

    private void closeFile(Throwable error) {
        Runnable events = () -> {
            if (error != null) {
                onError.accept(error);
            }
            onClose.run();
        };
        if (file == null) {
            loop.nextTick(events);
            return;
        }
        files.close(file, Completion.of(ignored -> {
            events.run();
        }, closeError -> {
            events.run();
        }));
    }
}
