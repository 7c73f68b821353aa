package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Phase;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.FileHandle;
import dev.loop.io.spi.FileIo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file part of the backend conformance suite: a backend's tests extend this class and name the
 * backend. It drives {@link FileIo} directly and checks every operation, positions, where
 * completions run, errors, and that each completion runs exactly once and never inside the call.
 */
public abstract class FileConformance {

    /** For subclasses, which name the backend. */
    protected FileConformance() {
    }

    /**
     * The backend under test.
     *
     * @return its name, as {@link IoOptions#withBackend} takes it
     */
    protected abstract String backend();

    @TempDir
    Path dir;

    private Io io;
    private EventLoop loop;
    private FileIo files;
    private final List<Throwable> unexpected = new ArrayList<>();

    @BeforeEach
    void open() {
        io = Io.create(IoOptions.defaults().withBackend(backend()));
        loop = io.loop();
        files = io.ioBackend().files();
    }

    @AfterEach
    void close() {
        io.close();
        assertEquals(List.of(), unexpected, "operations failed unexpectedly");
    }

    /** Must succeed, exactly once, on the loop thread, never inside the call that started it. */
    private <T> Completion<T> ok(Consumer<T> then) {
        boolean[] started = {true};
        int[] calls = {0};
        Completion<T> completion = new Completion<>() {
            @Override
            public void succeeded(T result) {
                check();
                then.accept(result);
            }

            @Override
            public void failed(Throwable error) {
                check();
                unexpected.add(error);
            }

            private void check() {
                if (++calls[0] > 1) {
                    unexpected.add(new AssertionError("a completion ran twice"));
                }
                if (!loop.inLoop()) {
                    unexpected.add(new AssertionError("a completion ran off the loop thread"));
                }
                if (started[0]) {
                    unexpected.add(new AssertionError("a completion ran inside the call that started it"));
                }
            }
        };
        loop.queueMicrotask(() -> started[0] = false); // the starting call has returned by then
        return completion;
    }

    private <T> Completion<T> fails(Consumer<Throwable> then) {
        return Completion.of(result -> {
            unexpected.add(new AssertionError("succeeded but should have failed: " + result));
        }, error -> {
            then.accept(error);
        });
    }

    @Test
    void writeReadPositionsFsyncStatAndClose() {
        Path file = dir.resolve("f");
        List<String> log = new ArrayList<>();
        loop.run(() -> files.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), ok(handle -> {
            log.add("opened in " + loop.phase());
            files.write(handle, ascii("0123456789"), FileIo.CURRENT, ok(n -> {
                log.add("wrote " + n);
                files.write(handle, ascii("ab"), 3, ok(m -> files.fsync(handle, ok(ignored -> {
                    ByteBuffer into = ByteBuffer.allocate(4);
                    files.read(handle, into, 2, ok(read -> {
                        log.add("read " + read + " '" + new String(into.array(), StandardCharsets.US_ASCII) + "'");
                        files.read(handle, ByteBuffer.allocate(4), 10, ok(end -> {
                            log.add("at the end " + end);
                            files.stat(file, ok(stats -> {
                                log.add("size " + stats.size() + ", file " + stats.isFile());
                                files.close(handle, ok(closed -> log.add("closed")));
                            }));
                        }));
                    }));
                }))));
            }));
        })));
        assertEquals(List.of("opened in " + Phase.POLL, "wrote 10", "read 4 '2ab5'", "at the end -1", "size 10, file true", "closed"), log);
    }

    @Test
    void missingFilesAndDirectoriesFailWithTheirCodes() throws Exception {
        Path missing = dir.resolve("missing");
        Files.createDirectory(dir.resolve("d"));
        List<String> codes = new ArrayList<>();
        loop.run(() -> {
            files.open(missing, Set.of(StandardOpenOption.READ), fails(e -> codes.add(code(e, missing))));
            files.stat(missing, fails(e -> codes.add(code(e, missing))));
        });
        assertEquals(List.of("ENOENT", "ENOENT"), codes);
    }

    @Test
    void readingAfterCloseFailsOnce() throws Exception {
        Path file = dir.resolve("c");
        Files.writeString(file, "x");
        List<String> log = new ArrayList<>();
        loop.run(() -> files.open(file, Set.of(StandardOpenOption.READ), ok(handle -> files.close(handle, ok(closed ->
                files.read(handle, ByteBuffer.allocate(1), 0, fails(e -> log.add("read after close failed"))))))));
        assertEquals(List.of("read after close failed"), log);
    }

    private static String code(Throwable error, Path path) {
        ErrnoException mapped = assertInstanceOf(ErrnoException.class, ErrnoExceptions.map(error, "test", path));
        assertTrue(mapped.getMessage().contains(path.toString()), mapped.getMessage());
        return mapped.code();
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A handle the backend did not make is refused, by an exception or by a failed completion. */
    @Test
    void aForeignHandleIsRefused() {
        FileHandle foreign = () -> dir;
        List<String> log = new ArrayList<>();
        loop.run(() -> {
            try {
                files.read(foreign, ByteBuffer.allocate(1), 0, fails(e -> log.add("refused")));
            } catch (IllegalArgumentException expected) {
                log.add("refused");
            }
        });
        assertEquals(List.of("refused"), log);
    }
}
