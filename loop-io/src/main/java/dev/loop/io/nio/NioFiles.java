package dev.loop.io.nio;

import dev.loop.io.Stats;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.FileHandle;
import dev.loop.io.spi.FileIo;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.io.spi.IoResourceKinds;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * File operations as libuv does them without io_uring: each runs on a work-pool thread through
 * {@link IoBackendContext#offload}, which brings its completion back to the loop's poll phase and
 * keeps the loop alive while it is in flight. The whole-file and directory operations are
 * {@link FileIo}'s defaults, which do the same.
 *
 * <p><b>Thread safety:</b> loop thread only; the channels are used on pool threads, by one
 * operation at a time.
 */
final class NioFiles implements FileIo {

    /** An open file: its channel, used by one operation at a time on pool threads. */
    private record NioFile(Path path, FileChannel channel) implements FileHandle { }

    private final IoBackendContext context;

    NioFiles(IoBackendContext context) {
        this.context = context;
    }

    @Override
    public IoBackendContext context() {
        return context;
    }

    @Override
    public void open(Path path, Set<? extends OpenOption> options, Completion<FileHandle> done) {
        run(() -> new NioFile(path, FileChannel.open(path, options)), done);
    }

    @Override
    public void read(FileHandle file, ByteBuffer into, long position, Completion<Integer> done) {
        FileChannel channel = channel(file);
        run(() -> position == CURRENT ? channel.read(into) : channel.read(into, position), done);
    }

    @Override
    public void write(FileHandle file, ByteBuffer from, long position, Completion<Integer> done) {
        FileChannel channel = channel(file);
        run(() -> {
            int written = 0;
            long at = position;
            while (from.hasRemaining()) {
                int n = at == CURRENT ? channel.write(from) : channel.write(from, at);
                written += n;
                if (at != CURRENT) {
                    at += n;
                }
            }
            return written;
        }, done);
    }

    @Override
    public void fsync(FileHandle file, Completion<Void> done) {
        FileChannel channel = channel(file);
        run(() -> {
            channel.force(true);
            return null;
        }, done);
    }

    @Override
    public void close(FileHandle file, Completion<Void> done) {
        FileChannel channel = channel(file);
        run(() -> {
            channel.close();
            return null;
        }, done);
    }

    @Override
    public void stat(Path path, Completion<Stats> done) {
        run(() -> {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stats(a.size(), a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(),
                    a.lastModifiedTime().toInstant(), a.creationTime().toInstant());
        }, done);
    }

    private static FileChannel channel(FileHandle file) {
        if (!(file instanceof NioFile nio)) {
            throw new IllegalArgumentException("not a file of the NIO backend: " + file);
        }
        return nio.channel();
    }

    /** Runs {@code operation} on the pool; its outcome completes {@code done} on the loop. */
    private <T> void run(Callable<T> operation, Completion<T> done) {
        context.offload(IoResourceKinds.FS, operation, done);
    }
}
