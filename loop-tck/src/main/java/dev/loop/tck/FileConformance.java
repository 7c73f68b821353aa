package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Phase;
import dev.loop.io.Io;
import dev.loop.io.IoOptions;
import dev.loop.io.ErrnoException;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.FileHandle;
import dev.loop.io.spi.FileIo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file part of the backend conformance suite: a backend's tests extend this class and name the
 * backend. It drives {@link FileIo} directly and checks every operation, natively done or left to
 * its default: results, positions, the codes of the main errors (as the API maps them), and that
 * each completion runs exactly once, on the loop thread in the poll or pending phase, and never
 * inside the call that started it. Each operation in flight must keep the loop alive: every test
 * checks its results after {@code run()} returned.
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

    private Path dir;
    private Io io;
    private EventLoop loop;
    private FileIo files;
    private final List<Throwable> unexpected = new ArrayList<>();

    /**
     * Opens a loop with the backend under test, and a fresh directory for the test's files.
     *
     * @param directory the test's directory, made and deleted by JUnit
     */
    @BeforeEach
    public void open(@TempDir Path directory) {
        dir = directory;
        io = Io.create(IoOptions.defaults().withBackend(backend()));
        loop = io.loop();
        files = io.ioBackend().files();
    }

    /** Closes the loop and checks that no operation failed unexpectedly. */
    @AfterEach
    public void close() {
        io.close();
        assertEquals(List.of(), unexpected, "operations failed unexpectedly");
    }

    /** Must succeed, exactly once, on the loop thread, never inside the call that started it. */
    private <T> Completion<T> ok(Consumer<T> then) {
        return checked(then, unexpected::add);
    }

    /** Must fail, exactly once, on the loop thread, never inside the call that started it. */
    private <T> Completion<T> fails(Consumer<Throwable> then) {
        return checked(result -> unexpected.add(new AssertionError("succeeded but should have failed: " + result)), then);
    }

    /**
     * Must fail as {@link #fails} says; records under {@code label} the code the API maps the error
     * to, checking that its message names {@code path}.
     */
    private <T> Completion<T> failsWithCode(String label, Path path, Map<String, String> codes) {
        return fails(error -> codes.put(label, code(error, path)));
    }

    /**
     * A completion that checks {@link Completion}'s contract: exactly once, on the loop thread, in
     * the poll or the pending phase, and never inside the call that started the operation.
     */
    private <T> Completion<T> checked(Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        boolean[] started = {true};
        int[] calls = {0};
        Completion<T> completion = new Completion<>() {
            @Override
            public void succeeded(T result) {
                check();
                onSuccess.accept(result);
            }

            @Override
            public void failed(Throwable error) {
                check();
                onFailure.accept(error);
            }

            private void check() {
                if (++calls[0] > 1) {
                    unexpected.add(new AssertionError("a completion ran twice"));
                }
                if (!loop.inLoop()) {
                    unexpected.add(new AssertionError("a completion ran off the loop thread"));
                    return;
                }
                if (started[0]) {
                    unexpected.add(new AssertionError("a completion ran inside the call that started it"));
                }
                if (loop.phase() != Phase.POLL && loop.phase() != Phase.PENDING) {
                    unexpected.add(new AssertionError("a completion ran in the " + loop.phase() + " phase"));
                }
            }
        };
        loop.queueMicrotask(() -> started[0] = false); // the starting call has returned by then
        return completion;
    }

    @Test
    public void writeReadPositionsFsyncStatAndClose() {
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
    public void missingFilesAndDirectoriesFailWithTheirCodes() throws Exception {
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
    public void readingAfterCloseFailsOnce() throws Exception {
        Path file = dir.resolve("c");
        Files.writeString(file, "x");
        List<String> log = new ArrayList<>();
        loop.run(() -> files.open(file, Set.of(StandardOpenOption.READ), ok(handle -> files.close(handle, ok(closed ->
                files.read(handle, ByteBuffer.allocate(1), 0, fails(e -> log.add("read after close failed"))))))));
        assertEquals(List.of("read after close failed"), log);
    }

    private static String code(Throwable error, Path path) {
        ErrnoException mapped = assertInstanceOf(ErrnoException.class, ErrnoException.fromFileFailure(error, "test", path));
        assertTrue(mapped.getMessage().contains(path.toString()), mapped.getMessage());
        return mapped.code();
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A handle the backend did not make is refused, by an exception or by a failed completion. */
    @Test
    public void aForeignHandleIsRefused() {
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

    // ================================================================ whole-file and directory operations

    @Test
    public void readFileReadsSmallLargeAndEmptyFilesWhole() throws Exception {
        byte[] large = new byte[(2 << 20) + 17]; // past the size from which the NIO default maps the file
        new Random(11).nextBytes(large);
        Path small = Files.writeString(dir.resolve("small"), "héllo", StandardCharsets.UTF_8);
        Path big = Files.write(dir.resolve("big"), large);
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        List<String> log = new ArrayList<>();
        loop.run(() -> {
            files.readFile(small, ok(bytes -> log.add("small " + new String(bytes, StandardCharsets.UTF_8))));
            files.readFile(big, ok(bytes -> log.add("big " + Arrays.equals(large, bytes))));
            files.readFile(empty, ok(bytes -> log.add("empty " + bytes.length)));
            files.readFile(small, StandardCharsets.UTF_8, ok(text -> log.add("text " + text)));
        });
        assertEquals(List.of("big true", "empty 0", "small héllo", "text héllo"), sorted(log));
    }

    @Test
    public void readFileAsTextReplacesMalformedBytesAsNodeDoes() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'a', (byte) 0xE9, 'b', (byte) 0xFF}); // not UTF-8
        List<String> log = new ArrayList<>();
        loop.run(() -> files.readFile(latin1, StandardCharsets.UTF_8, ok(text -> log.add(text))));
        assertEquals(List.of("a\uFFFDb\uFFFD"), log);
    }

    @Test
    public void readFileFailsWithENOENTAndEISDIR() {
        Path missing = dir.resolve("missing");
        Map<String, String> codes = new TreeMap<>();
        loop.run(() -> {
            files.readFile(missing, failsWithCode("missing", missing, codes));
            files.readFile(dir, failsWithCode("directory", dir, codes));
            files.readFile(missing, StandardCharsets.UTF_8, failsWithCode("missing, as text", missing, codes));
            files.readFile(dir, StandardCharsets.UTF_8, failsWithCode("directory, as text", dir, codes));
        });
        assertEquals(Map.of("missing", "ENOENT", "directory", "EISDIR", "missing, as text", "ENOENT",
                "directory, as text", "EISDIR"), codes);
    }

    @Test
    public void writeFileCreatesOrReplacesAndAppendFileCreatesOrAppends() throws Exception {
        Path file = dir.resolve("w");
        Path log = dir.resolve("log");
        List<String> done = new ArrayList<>();
        loop.run(() -> files.writeFile(file, bytes("a longer first text"), ok(first ->
                files.writeFile(file, bytes("short"), ok(replaced ->
                        files.appendFile(file, bytes(", then more"), ok(appended ->
                                files.appendFile(log, bytes("created"), ok(created -> done.add("done"))))))))));
        assertEquals(List.of("done"), done);
        assertEquals("short, then more", Files.readString(file));
        assertEquals("created", Files.readString(log));
    }

    @Test
    public void writeFileAndAppendFileFailWithENOENTAndEISDIR() {
        Path orphan = dir.resolve("no-such-dir/f");
        Map<String, String> codes = new TreeMap<>();
        loop.run(() -> {
            files.writeFile(orphan, bytes("x"), failsWithCode("write, no parent", orphan, codes));
            files.writeFile(dir, bytes("x"), failsWithCode("write to a directory", dir, codes));
            files.appendFile(orphan, bytes("x"), failsWithCode("append, no parent", orphan, codes));
            files.appendFile(dir, bytes("x"), failsWithCode("append to a directory", dir, codes));
        });
        assertEquals(Map.of("write, no parent", "ENOENT", "write to a directory", "EISDIR",
                "append, no parent", "ENOENT", "append to a directory", "EISDIR"), codes);
    }

    @Test
    public void readdirListsTheNamesSorted() throws Exception {
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.writeString(full.resolve("c"), "");
        Files.createDirectory(full.resolve("b"));
        Files.writeString(full.resolve("a"), "");
        Files.writeString(full.resolve("b").resolve("nested"), ""); // not listed: readdir is not recursive
        Path empty = Files.createDirectory(dir.resolve("empty"));
        List<String> log = new ArrayList<>();
        loop.run(() -> files.readdir(full, ok(names -> {
            log.add(names.toString());
            files.readdir(empty, ok(none -> log.add(none.toString())));
        })));
        assertEquals(List.of("[a, b, c]", "[]"), log);
    }

    @Test
    public void readdirFailsWithENOENTAndENOTDIR() throws Exception {
        Path missing = dir.resolve("missing");
        Path file = Files.writeString(dir.resolve("f"), "x");
        Map<String, String> codes = new TreeMap<>();
        loop.run(() -> {
            files.readdir(missing, failsWithCode("missing", missing, codes));
            files.readdir(file, failsWithCode("a file", file, codes));
        });
        assertEquals(Map.of("missing", "ENOENT", "a file", "ENOTDIR"), codes);
    }

    @Test
    public void mkdirCreatesOneDirectoryOrWithRecursiveItsParentsAndAcceptsOneThatExists() throws Exception {
        Path one = dir.resolve("one");
        Path nested = dir.resolve("x/y/z");
        List<String> log = new ArrayList<>();
        loop.run(() -> files.mkdir(one, false, ok(created ->
                files.mkdir(nested, true, ok(parents ->
                        files.mkdir(nested, true, ok(again -> log.add("done"))))))));
        assertEquals(List.of("done"), log);
        assertTrue(Files.isDirectory(one));
        assertTrue(Files.isDirectory(nested));
    }

    @Test
    public void mkdirFailsWithEEXISTENOENTAndENOTDIR() throws Exception {
        Path existing = Files.createDirectory(dir.resolve("existing"));
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path orphan = dir.resolve("no-such-dir/d");
        Path underFile = file.resolve("d");
        Map<String, String> codes = new TreeMap<>();
        loop.run(() -> {
            files.mkdir(existing, false, failsWithCode("exists", existing, codes));
            files.mkdir(file, true, failsWithCode("a file, recursive", file, codes));
            files.mkdir(orphan, false, failsWithCode("no parent", orphan, codes));
            files.mkdir(underFile, false, failsWithCode("under a file", underFile, codes));
            files.mkdir(underFile.resolve("e"), true, failsWithCode("under a file, recursive", underFile.resolve("e"), codes));
        });
        assertEquals(Map.of("exists", "EEXIST", "a file, recursive", "EEXIST", "no parent", "ENOENT",
                "under a file", "ENOTDIR", "under a file, recursive", "ENOTDIR"), codes);
    }

    @Test
    public void rmRemovesAFileAnEmptyDirectoryOrWithRecursiveATreeWithoutFollowingLinks() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("leaf"), "x");
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("kept"), "x");
        Files.createSymbolicLink(dir.resolve("tree/link"), outside);
        List<String> log = new ArrayList<>();
        loop.run(() -> files.rm(file, false, false, ok(removedFile ->
                files.rm(empty, false, false, ok(removedEmpty ->
                        files.rm(dir.resolve("tree"), true, false, ok(removedTree ->
                                files.rm(dir.resolve("missing"), true, true, ok(forced -> log.add("done"))))))))));
        assertEquals(List.of("done"), log);
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(empty));
        assertFalse(Files.exists(dir.resolve("tree"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(outside.resolve("kept")), "rm followed a link out of the tree");
    }

    @Test
    public void rmFailsWithENOENTAndENOTEMPTY() throws Exception {
        Path missing = dir.resolve("missing");
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.writeString(full.resolve("f"), "x");
        Map<String, String> codes = new TreeMap<>();
        loop.run(() -> {
            files.rm(missing, false, false, failsWithCode("missing", missing, codes));
            files.rm(missing, true, false, failsWithCode("missing, recursive", missing, codes));
            files.rm(full, false, false, failsWithCode("not empty", full, codes));
        });
        assertEquals(Map.of("missing", "ENOENT", "missing, recursive", "ENOENT", "not empty", "ENOTEMPTY"), codes);
        assertTrue(Files.exists(full.resolve("f")));
    }

    @Test
    public void renameMovesAndReplacesAnExistingFile() throws Exception {
        Path from = Files.writeString(dir.resolve("from"), "new");
        Path to = Files.writeString(dir.resolve("to"), "old");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.writeString(sub.resolve("f"), "x");
        List<String> log = new ArrayList<>();
        loop.run(() -> files.rename(from, to, ok(replaced ->
                files.rename(sub, dir.resolve("moved"), ok(moved -> log.add("done"))))));
        assertEquals(List.of("done"), log);
        assertFalse(Files.exists(from));
        assertEquals("new", Files.readString(to));
        assertEquals("x", Files.readString(dir.resolve("moved/f")));
        assertFalse(Files.exists(sub));
    }

    @Test
    public void renameFailsWithENOENTENOTEMPTYEISDIRAndENOTDIR() throws Exception {
        Tree t = tree();
        Map<String, String> codes = new TreeMap<>();
        loop.run(() -> {
            files.rename(t.missing(), dir.resolve("elsewhere"), failsWithCode("missing", t.missing(), codes));
            files.rename(t.empty(), t.full(), failsWithCode("onto a full directory", t.empty(), codes));
            files.rename(t.file(), t.full(), failsWithCode("a file onto a directory", t.file(), codes));
            files.rename(t.empty(), t.file(), failsWithCode("a directory onto a file", t.empty(), codes));
        });
        assertEquals(Map.of("missing", "ENOENT", "onto a full directory", "ENOTEMPTY", "a file onto a directory", "EISDIR",
                "a directory onto a file", "ENOTDIR"), codes);
        assertEquals("x", Files.readString(t.file()));
        assertEquals("y", Files.readString(t.full().resolve("g")));
    }

    @Test
    public void copyFileCopiesAndReplacesTheTarget() throws Exception {
        Path from = Files.writeString(dir.resolve("from"), "contents");
        Path to = Files.writeString(dir.resolve("to"), "old and longer");
        Path fresh = dir.resolve("fresh");
        List<String> log = new ArrayList<>();
        loop.run(() -> files.copyFile(from, to, ok(replaced ->
                files.copyFile(from, fresh, ok(created -> log.add("done"))))));
        assertEquals(List.of("done"), log);
        assertEquals("contents", Files.readString(from));
        assertEquals("contents", Files.readString(to));
        assertEquals("contents", Files.readString(fresh));
    }

    /** As Node's, which opens the source for reading and the target for writing: a directory is neither. */
    @Test
    public void copyFileFailsWithENOENTAndEISDIRAndLeavesADirectoryTargetAlone() throws Exception {
        Tree t = tree();
        Map<String, String> codes = new TreeMap<>();
        loop.run(() -> {
            files.copyFile(t.missing(), dir.resolve("elsewhere"), failsWithCode("missing", t.missing(), codes));
            files.copyFile(t.full(), dir.resolve("copy"), failsWithCode("a directory", t.full(), codes));
            files.copyFile(t.file(), t.empty(), failsWithCode("onto an empty directory", t.file(), codes));
            files.copyFile(t.file(), t.full(), failsWithCode("onto a full directory", t.file(), codes));
        });
        assertEquals(Map.of("missing", "ENOENT", "a directory", "EISDIR", "onto an empty directory", "EISDIR",
                "onto a full directory", "EISDIR"), codes);
        assertFalse(Files.exists(dir.resolve("copy")));
        assertTrue(Files.isDirectory(t.empty()));
        assertEquals("y", Files.readString(t.full().resolve("g")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> sorted(List<String> log) {
        return log.stream().sorted().toList();
    }

    /** The paths the error cases use: one missing, a file "x", an empty directory, and a directory holding g = "y". */
    private record Tree(Path missing, Path file, Path empty, Path full) {
    }

    private Tree tree() throws java.io.IOException {
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.writeString(full.resolve("g"), "y");
        return new Tree(dir.resolve("missing"), Files.writeString(dir.resolve("f"), "x"),
                Files.createDirectory(dir.resolve("empty")), full);
    }
}
