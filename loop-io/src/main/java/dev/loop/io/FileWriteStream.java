package dev.loop.io;

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
 * {@code highWaterMark} bytes or more wait; {@link #onDrain} runs when all are written.
 * {@link #end()} finishes: after the queued writes, the file is closed, then {@link #onFinish}
 * runs. A write after {@code end} is an {@code ERR_STREAM_WRITE_AFTER_END} error.
 *
 * <p><b>Thread safety:</b> loop thread only: every method throws {@link IllegalStateException} on
 * another thread; every event runs on the loop thread.
 */
public final class FileWriteStream {

    private final dev.loop.api.EventLoop loop;
    private final FileIo files;
    private final LoopThread thread;
    private final Path path;
    private final int highWaterMark;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private FileHandle file;
    private boolean opening;
    private boolean writing;
    private boolean ending;
    private boolean finished;
    private boolean failed;
    private boolean needDrain;
    private long buffered;
    private Runnable onDrain = () -> { };
    private Runnable onFinish = () -> { };
    private Consumer<Throwable> onError = error -> { };

    FileWriteStream(dev.loop.api.EventLoop loop, FileIo files, LoopThread thread, Path path, int highWaterMark) {
        this.loop = loop;
        this.files = files;
        this.thread = thread;
        this.path = path;
        this.highWaterMark = highWaterMark;
    }

    /**
     * Runs when every queued write is written, after {@link #write} returned false.
     *
     * @param handler the handler
     * @return this stream
     */
    public FileWriteStream onDrain(Runnable handler) {
        thread.check("FileWriteStream", "onDrain");
        this.onDrain = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Runs when, after {@link #end()}, everything is written and the file is closed.
     *
     * @param handler the handler
     * @return this stream
     */
    public FileWriteStream onFinish(Runnable handler) {
        thread.check("FileWriteStream", "onFinish");
        this.onFinish = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Receives the error that stopped the stream.
     *
     * @param handler the handler
     * @return this stream
     */
    public FileWriteStream onError(Consumer<Throwable> handler) {
        thread.check("FileWriteStream", "onError");
        this.onError = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Queues {@code data}; the buffer belongs to the stream until written.
     *
     * @param data the bytes, from position to limit
     * @return false once {@code highWaterMark} bytes or more wait: wait for {@link #onDrain}
     */
    public boolean write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        thread.check("FileWriteStream", "write");
        if (ending || failed) {
            ErrnoException error = new ErrnoException("ERR_STREAM_WRITE_AFTER_END", "write after end of the stream to '" + path + "'", path, null);
            loop.nextTick(() -> onError.accept(error));
            return false;
        }
        queue.add(data);
        buffered += data.remaining();
        pump();
        boolean belowMark = buffered < highWaterMark;
        if (!belowMark) {
            needDrain = true;
        }
        return belowMark;
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
        if (file == null) {
            opening = true;
            files.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                    completion("open", opened -> {
                        opening = false;
                        file = opened;
                        pump();
                    }));
            return;
        }
        ByteBuffer next = queue.poll();
        if (next == null) {
            if (ending) {
                finished = true;
                files.close(file, completion("close", ignored -> onFinish.run()));
            }
            return;
        }
        writing = true;
        files.write(file, next, FileIo.CURRENT, completion("write", written -> {
            writing = false;
            buffered -= written;
            if (needDrain && buffered == 0) {
                needDrain = false;
                onDrain.run();
            }
            pump();
        }));
    }

    private <T> Completion<T> completion(String operation, Consumer<T> then) {
        return Completion.of(result -> {
            then.accept(result);
        }, error -> {
            opening = false;
            writing = false;
            failed = true;
            if (file != null && !finished) {
                finished = true;
                files.close(file, Completion.ignoring());
            }
            onError.accept(ErrnoExceptions.map(error, operation, path));
        });
    }
}
