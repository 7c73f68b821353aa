package dev.loop.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.loop.io.spi.Completion;
import dev.loop.io.spi.FileHandle;
import dev.loop.io.spi.FileIo;
import dev.loop.io.spi.IoBackendContext;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Fs} operation goes through the backend's {@link FileIo}, so that a backend can take
 * each over: an Fs on a recording FileIo sees each call arrive there, and its errors mapped.
 */
class FsRoutingTest extends FileTestFixture {

    /** The loop's own FileIo, with every call recorded, defaults included. */
    private static final class Recording implements FileIo {
        private final FileIo inner;
        private final List<String> calls = new ArrayList<>();

        Recording(FileIo inner) {
            this.inner = inner;
        }

        @Override
        public IoBackendContext context() {
            return inner.context();
        }

        @Override
        public void open(Path path, Set<? extends OpenOption> options, Completion<FileHandle> done) {
            calls.add("open");
            inner.open(path, options, done);
        }

        @Override
        public void read(FileHandle file, ByteBuffer into, long position, Completion<Integer> done) {
            calls.add("read");
            inner.read(file, into, position, done);
        }

        @Override
        public void write(FileHandle file, ByteBuffer from, long position, Completion<Integer> done) {
            calls.add("write");
            inner.write(file, from, position, done);
        }

        @Override
        public void fsync(FileHandle file, Completion<Void> done) {
            calls.add("fsync");
            inner.fsync(file, done);
        }

        @Override
        public void close(FileHandle file, Completion<Void> done) {
            calls.add("close");
            inner.close(file, done);
        }

        @Override
        public void stat(Path path, Completion<Stats> done) {
            calls.add("stat");
            inner.stat(path, done);
        }

        @Override
        public void readFile(Path path, Completion<byte[]> done) {
            calls.add("readFile");
            inner.readFile(path, done);
        }

        @Override
        public void readFile(Path path, Charset charset, Completion<String> done) {
            calls.add("readFile as text");
            inner.readFile(path, charset, done);
        }

        @Override
        public void writeFile(Path path, byte[] data, Completion<Void> done) {
            calls.add("writeFile");
            inner.writeFile(path, data, done);
        }

        @Override
        public void appendFile(Path path, byte[] data, Completion<Void> done) {
            calls.add("appendFile");
            inner.appendFile(path, data, done);
        }

        @Override
        public void readdir(Path path, Completion<List<String>> done) {
            calls.add("readdir");
            inner.readdir(path, done);
        }

        @Override
        public void mkdir(Path path, boolean recursive, Completion<Void> done) {
            calls.add("mkdir");
            inner.mkdir(path, recursive, done);
        }

        @Override
        public void rm(Path path, boolean recursive, boolean force, Completion<Void> done) {
            calls.add("rm");
            inner.rm(path, recursive, force, done);
        }

        @Override
        public void rename(Path from, Path to, Completion<Void> done) {
            calls.add("rename");
            inner.rename(from, to, done);
        }

        @Override
        public void copyFile(Path from, Path to, Completion<Void> done) {
            calls.add("copyFile");
            inner.copyFile(from, to, done);
        }
    }

    @Test
    void everyOperationGoesThroughTheBackendsFileIo() {
        Recording files = new Recording(io.ioBackend().files());
        Fs routed = new Fs(loop, files, new LoopThread("test", Thread.currentThread()));
        Path d = dir.resolve("d");
        Path f = d.resolve("f");
        List<String> errors = new ArrayList<>();
        loop.run(() -> routed.mkdir(d, false)
                .thenCompose(ignored -> routed.writeFile(f, "ab".getBytes(UTF_8)))
                .thenCompose(ignored -> routed.appendFile(f, "c".getBytes(UTF_8)))
                .thenCompose(ignored -> routed.readFile(f))
                .thenCompose(ignored -> routed.readFile(f, UTF_8))
                .thenCompose(ignored -> routed.readdir(d))
                .thenCompose(ignored -> routed.copyFile(f, d.resolve("g")))
                .thenCompose(ignored -> routed.rename(d.resolve("g"), d.resolve("h")))
                .thenCompose(ignored -> routed.stat(f))
                .thenCompose(ignored -> routed.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE))
                .thenCompose(handle -> routed.read(handle, ByteBuffer.allocate(1), 0)
                        .thenCompose(ignored -> routed.write(handle, ByteBuffer.allocate(1), 3))
                        .thenCompose(ignored -> routed.fsync(handle))
                        .thenCompose(ignored -> routed.close(handle)))
                .thenCompose(ignored -> routed.rm(d, true, false))
                .thenCompose(ignored -> routed.readFile(f))
                .catchError(error -> {
                    errors.add(assertInstanceOf(NoSuchFileOrDirectoryException.class, error).code());
                    return null;
                }));
        assertEquals(List.of("mkdir", "writeFile", "appendFile", "readFile", "readFile as text", "readdir", "copyFile",
                "rename", "stat", "open", "read", "write", "fsync", "close", "rm", "readFile"), files.calls);
        assertEquals(List.of("ENOENT"), errors);
    }
}
