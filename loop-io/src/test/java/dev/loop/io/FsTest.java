package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.loop.api.Phase;
import dev.loop.api.Promise;
import dev.loop.io.spi.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Node's fs on the NIO backend: results, errors with codes and paths, and where callbacks run. */
class FsTest extends FileTestFixture {

    /** Runs the loop until the promise {@code start} makes settles; returns its value or throws its error. */
    private <T> T await(Supplier<Promise<T>> start) throws Throwable {
        Object[] outcome = new Object[2];
        loop.run(() -> start.get().then(value -> outcome[0] = value, error -> outcome[1] = error));
        if (outcome[1] != null) {
            throw (Throwable) outcome[1];
        }
        @SuppressWarnings("unchecked")
        T value = (T) outcome[0];
        return value;
    }

    private Throwable failure(Supplier<Promise<?>> start) {
        Throwable[] error = new Throwable[1];
        loop.run(() -> start.get().catchError(e -> {
            error[0] = e;
            return null;
        }));
        assertTrue(error[0] != null, "expected the operation to fail");
        return error[0];
    }

    /** Issue 16: whole-file operations take a signal; one that aborted already starts nothing. */
    @Test
    void wholeFileOperationsTakeASignal() throws Throwable {
        Path file = dir.resolve("signalled.txt");
        dev.loop.api.AbortSignal live = new dev.loop.api.AbortController().signal();
        await(() -> fs.writeFile(file, "kept".getBytes(UTF_8), live));
        await(() -> fs.appendFile(file, "!".getBytes(UTF_8), live));
        assertEquals("kept!", await(() -> fs.readFile(file, UTF_8, live)));
        dev.loop.api.AbortSignal aborted = dev.loop.api.AbortSignal.abort("no");
        Path never = dir.resolve("never.txt");
        dev.loop.api.AbortError error = assertInstanceOf(dev.loop.api.AbortError.class,
                failure(() -> fs.writeFile(never, new byte[] {1}, aborted)));
        assertEquals("no", error.reason());
        assertFalse(Files.exists(never), "an operation whose signal had aborted must not start");
        assertInstanceOf(dev.loop.api.AbortError.class, failure(() -> fs.readFile(file, aborted)));
    }

    @Test
    void writeAppendReadAndStat() throws Throwable {
        Path file = dir.resolve("a.txt");
        await(() -> fs.writeFile(file, "hello".getBytes(UTF_8)));
        await(() -> fs.appendFile(file, ", world".getBytes(UTF_8)));
        assertEquals("hello, world", await(() -> fs.readFile(file, UTF_8)));
        assertArrayEquals("hello, world".getBytes(UTF_8), await(() -> fs.readFile(file)));
        Stats stats = await(() -> fs.stat(file));
        assertEquals(12, stats.size());
        assertTrue(stats.isFile());
        assertFalse(stats.isDirectory());
    }

    @Test
    void aLargeFileReadsWhole() throws Throwable {
        Path file = dir.resolve("large.bin");
        byte[] data = new byte[(3 << 20) + 17]; // above the size from which readFile maps the file
        new java.util.Random(3).nextBytes(data);
        Files.write(file, data);
        assertArrayEquals(data, await(() -> fs.readFile(file)));
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertEquals(0, await(() -> fs.readFile(empty)).length);
    }

    @Test
    void directoriesRenameCopyAndRemove() throws Throwable {
        Path nested = dir.resolve("x/y/z");
        await(() -> fs.mkdir(nested, true));
        await(() -> fs.writeFile(nested.resolve("f"), new byte[] {1, 2, 3}));
        await(() -> fs.copyFile(nested.resolve("f"), nested.resolve("g")));
        await(() -> fs.rename(nested.resolve("g"), nested.resolve("h")));
        assertEquals(List.of("f", "h"), await(() -> fs.readdir(nested)));
        await(() -> fs.rm(dir.resolve("x"), true, false));
        assertFalse(Files.exists(dir.resolve("x")));
        await(() -> fs.rm(dir.resolve("x"), false, true)); // force: missing is fine
    }

    @Test
    void handlesReadAndWriteAtPositions() throws Throwable {
        Path file = dir.resolve("h.bin");
        var handle = await(() -> fs.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
        assertEquals(6, (int) await(() -> fs.write(handle, ByteBuffer.wrap("abcdef".getBytes(UTF_8)), 0)));
        assertEquals(2, (int) await(() -> fs.write(handle, ByteBuffer.wrap("XY".getBytes(UTF_8)), 2)));
        await(() -> fs.fsync(handle));
        ByteBuffer into = ByteBuffer.allocate(4);
        assertEquals(4, (int) await(() -> fs.read(handle, into, 1)));
        assertEquals("bXYe", new String(into.array(), UTF_8));
        ByteBuffer rest = ByteBuffer.allocate(16);
        assertEquals(-1, (int) await(() -> fs.read(handle, rest, 6)));
        await(() -> fs.close(handle));
        assertEquals("abXYef", Files.readString(file));
    }

    @Test
    void errorsCarryNodesCodeAndThePath() throws Throwable {
        Path missing = dir.resolve("missing.txt");
        NoSuchFileOrDirectoryException noFile = assertInstanceOf(NoSuchFileOrDirectoryException.class, failure(() -> fs.readFile(missing)));
        assertEquals("ENOENT", noFile.code());
        assertEquals(missing, noFile.path());
        assertTrue(noFile.getMessage().contains("missing.txt"), noFile.getMessage());
        assertInstanceOf(NoSuchFileOrDirectoryException.class, failure(() -> fs.stat(missing)));
        assertInstanceOf(NoSuchFileOrDirectoryException.class, failure(() -> fs.open(missing)));

        IsADirectoryException isDir = assertInstanceOf(IsADirectoryException.class, failure(() -> fs.readFile(dir)));
        assertEquals("EISDIR", isDir.code());

        Path full = dir.resolve("full");
        await(() -> fs.mkdir(full, false));
        await(() -> fs.writeFile(full.resolve("f"), new byte[1]));
        assertEquals("ENOTEMPTY", assertInstanceOf(NotEmptyException.class, failure(() -> fs.rm(full, false, false))).code());
        assertEquals("EEXIST", assertInstanceOf(FileExistsException.class, failure(() -> fs.mkdir(full, false))).code());
        assertEquals("ENOTDIR", assertInstanceOf(NotADirectoryException.class, failure(() -> fs.readdir(full.resolve("f")))).code());

        // After every failure the loop still runs, and nothing keeps it alive
        assertEquals(List.of("f"), await(() -> fs.readdir(full)));
    }

    @Test
    void permissionDeniedIsEacces() throws Throwable {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "x");
        assertTrue(secret.toFile().setReadable(false, false));
        if (!Files.isReadable(secret)) {
            PermissionDeniedException denied = assertInstanceOf(PermissionDeniedException.class, failure(() -> fs.readFile(secret)));
            assertEquals("EACCES", denied.code());
            assertEquals(secret, denied.path());
            return;
        }
        // root reads a file without read permission; even root may not open a read-only sysctl for writing
        Path sysctl = Path.of("/proc/sys/kernel/ostype");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(sysctl), "neither a permission bit nor " + sysctl + " can deny this user");
        PermissionDeniedException denied = assertInstanceOf(PermissionDeniedException.class, failure(() -> fs.writeFile(sysctl, new byte[] {'x'})));
        assertEquals("EACCES", denied.code());
        assertEquals(sysctl, denied.path());
        assertEquals(List.of("secret"), await(() -> fs.readdir(dir))); // and the loop goes on
    }

    @Test
    void aCompletionRunsInThePollPhaseAndAnImmediateQueuedThereRunsBeforeAZeroTimer() throws Throwable {
        Path file = dir.resolve("o.txt");
        Files.writeString(file, "x");
        List<String> log = new ArrayList<>();
        loop.run(() -> fs.stat(file).thenAccept(stats -> {
            log.add("stat in " + loop.phase());
            loop.setTimeout(() -> log.add("timeout 0"), 0);
            loop.setImmediate(() -> log.add("immediate"));
        }));
        assertEquals(List.of("stat in " + Phase.POLL, "immediate", "timeout 0"), log);
    }

    @Test
    void positionsUseTheFilesOwnPositionWhenCurrent() throws Throwable {
        Path file = dir.resolve("c.txt");
        Files.writeString(file, "0123456789");
        var handle = await(() -> fs.open(file));
        ByteBuffer first = ByteBuffer.allocate(3);
        ByteBuffer second = ByteBuffer.allocate(3);
        await(() -> fs.read(handle, first, FileIo.CURRENT));
        await(() -> fs.read(handle, second, FileIo.CURRENT));
        assertEquals("012345", new String(first.array(), UTF_8) + new String(second.array(), UTF_8));
        await(() -> fs.close(handle));
    }

    @Test
    void malformedBytesReadAsTextBecomeReplacementCharactersAsInNode() throws Throwable {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, new byte[] {'a', (byte) 0xE9, 'b', (byte) 0xFF}); // Latin-1 "aéb" and a stray byte: not UTF-8
        assertEquals("a\uFFFDb\uFFFD", await(() -> fs.readFile(file, UTF_8)));
    }
}
