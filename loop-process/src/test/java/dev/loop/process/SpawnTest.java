package dev.loop.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.AbortController;
import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import dev.loop.api.EventLoop;
import dev.loop.io.NoSuchFileOrDirectoryException;
import dev.loop.io.PermissionDeniedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Spawns real commands and checks Node's events, exit codes and signals, pipes and errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpawnTest {

    private final EventLoop loop = EventLoop.create();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private ChildProcess recordEvents(ChildProcess child) {
        return child.onSpawn(() -> events.add("spawn"))
                .onError(e -> events.add("error " + e.getClass().getSimpleName() + " " + e.getMessage()))
                .onExit(status -> events.add("exit " + status))
                .onClose(status -> events.add("close " + status));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void collect(PipeReadStream stream, ByteArrayOutputStream into) {
        stream.onData(chunk -> into.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining()));
    }

    @Test
    void outputExitAndCloseInNodesOrder() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        loop.run(() -> {
            ChildProcess child = recordEvents(Processes.spawn("sh", List.of("-c", "echo out; echo err >&2; exit 7")));
            assertTrue(child.pid() > 0);
            assertFalse(child.connected());
            collect(child.stdout(), out);
            collect(child.stderr(), err);
            child.stdout().onEnd(() -> events.add("stdout end"));
            child.stderr().onEnd(() -> events.add("stderr end"));
        });
        assertEquals("out\n", text(out));
        assertEquals("err\n", text(err));
        assertEquals("spawn", events.get(0));
        assertEquals("close exit code 7", events.getLast(), events.toString());
        assertTrue(events.containsAll(List.of("exit exit code 7", "stdout end", "stderr end")), events.toString());
    }

    @Test
    void aSignalIsReportedAsTheSignalNotAsACode() {
        ExitStatus[] status = new ExitStatus[2];
        loop.run(() -> {
            ChildProcess term = Processes.spawn("sleep", List.of("30"));
            term.onSpawn(() -> assertTrue(term.kill()));
            term.onExit(s -> status[0] = s);
            ChildProcess usr1 = Processes.spawn("sleep", List.of("30"));
            usr1.onSpawn(() -> assertTrue(usr1.kill("SIGUSR1"))); // any POSIX signal, by name
            usr1.onExit(s -> status[1] = s);
        });
        assertEquals(new ExitStatus(null, "SIGTERM"), status[0]);
        assertEquals(new ExitStatus(null, "SIGUSR1"), status[1]);
    }

    @Test
    void aMissingCommandIsAnEnoentErrorEventNeverAThrow() {
        Throwable[] error = new Throwable[1];
        loop.run(() -> {
            ChildProcess child = Processes.spawn("no-such-command-here", List.of("x"))
                    .onSpawn(() -> events.add("spawn"))
                    .onError(e -> {
                        error[0] = e;
                        events.add("error");
                    })
                    .onExit(status -> events.add("exit " + status))
                    .onClose(status -> events.add("close " + status));
            assertEquals(0, child.pid());
            assertNull(child.stdout());
        });
        NoSuchFileOrDirectoryException enoent = assertInstanceOf(NoSuchFileOrDirectoryException.class, error[0]);
        assertEquals("ENOENT", enoent.code());
        assertTrue(enoent.getMessage().startsWith("spawn no-such-command-here ENOENT"), enoent.getMessage());
        assertEquals(List.of("error", "close exit code -2"), events, "no spawn and no exit event, as in Node");
    }

    @Test
    void aFileThatIsNotExecutableIsEacces(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        Throwable[] error = new Throwable[1];
        loop.run(() -> recordEvents(Processes.spawn(script.toString(), List.of())).onError(e -> error[0] = e));
        assertInstanceOf(PermissionDeniedException.class, error[0]);
        assertTrue(error[0].getMessage().contains("EACCES"), error[0].getMessage());
        assertEquals(List.of("error PermissionDeniedException " + error[0].getMessage(), "close exit code -13"), events);
    }

    @Test
    void aMissingWorkingDirectoryIsEnoentNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("gone");
        Throwable[] error = new Throwable[1];
        loop.run(() -> Processes.spawn("ls", List.of(), SpawnOptions.defaults().withCwd(missing)).onError(e -> error[0] = e));
        assertInstanceOf(NoSuchFileOrDirectoryException.class, error[0]);
        assertTrue(error[0].getMessage().contains(missing.toString()), error[0].getMessage());
    }

    @Test
    void argumentsReachTheCommandUnchangedAndOnlyExecUsesAShell() {
        List<String> tricky = List.of("two words", "'single'", "\"double\"", "$HOME", "a;b", "line\nbreak", "*", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] shell = new String[1];
        loop.run(() -> {
            List<String> args = new ArrayList<>(List.of("%s\\0"));
            args.addAll(tricky);
            collect(Processes.spawn("printf", args).stdout(), out);
            Processes.exec("echo $HOME | wc -c").then(result -> shell[0] = result.stdout().strip());
        });
        assertEquals(String.join("\0", tricky) + "\0", text(out));
        assertEquals(String.valueOf(System.getenv("HOME").length() + 1), shell[0], "the shell expanded $HOME and piped");
    }

    /** The command's name reaches it as given, not as the path it was found at, through the exec helper. */
    @Test
    void theCommandsNameIsItsArgvZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        loop.run(() -> collect(Processes.spawn("sh", List.of("-c", "printf %s \"$0\"")).stdout(), out));
        assertEquals("sh", text(out));
    }

    @Test
    void stdinStreamedThroughCatComesBackByteExact() {
        byte[] data = new byte[8 << 20];
        new Random(42).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] refusals = {0};
        loop.run(() -> {
            ChildProcess cat = Processes.spawn("cat", List.of());
            collect(cat.stdout(), out);
            PipeWriteStream stdin = cat.stdin();
            int[] offset = {0};
            Runnable pump = new Runnable() {
                @Override
                public void run() {
                    while (offset[0] < data.length) {
                        int length = Math.min(100_000, data.length - offset[0]);
                        boolean more = stdin.write(ByteBuffer.wrap(data, offset[0], length));
                        offset[0] += length;
                        if (!more) {
                            refusals[0]++;
                            stdin.once(PipeWriteStream.DRAIN, this); // Node's once('drain')
                            return;
                        }
                    }
                    stdin.end();
                }
            };
            pump.run();
        });
        assertArrayEquals(data, out.toByteArray());
        assertTrue(refusals[0] > 0, "write never returned false: no back pressure");
    }

    /** A child's pipes are streams: a pipeline feeds cat's stdin, another drains its stdout. */
    @Test
    void aChildsPipesTakePartInPipelines(@TempDir Path dir) throws IOException {
        byte[] data = new byte[3 << 20];
        new Random(9).nextBytes(data);
        Path in = Files.write(dir.resolve("in.bin"), data);
        Path out = dir.resolve("out.bin");
        List<String> log = new ArrayList<>();
        try (dev.loop.io.Io io = dev.loop.io.Io.create()) {
            io.loop().run(() -> {
                ChildProcess cat = Processes.spawn("cat", List.of());
                dev.loop.io.Streams.pipeline(io.fs().createReadStream(in), cat.stdin()).thenAccept(v -> log.add("fed"));
                dev.loop.io.Streams.pipeline(cat.stdout(), io.fs().createWriteStream(out)).thenAccept(v -> log.add("drained"));
            });
        }
        assertEquals(List.of("fed", "drained"), log);
        assertArrayEquals(data, Files.readAllBytes(out));
    }

    /**
     * As Node's flowing stream: once its last data listener is gone, stdout reads on and drops
     * what it reads, so the child never blocks on a full pipe and its close event comes.
     */
    @Test
    void aStdoutWhoseLastListenerGoesDrainsAndTheChildCloses() {
        List<String> log = new ArrayList<>();
        loop.run(() -> {
            ChildProcess child = Processes.spawn("head", List.of("-c", "4000000", "/dev/zero"));
            child.stdout().once(PipeReadStream.DATA, chunk -> log.add("one chunk"));
            child.onClose(status -> log.add("close " + status));
        });
        assertEquals(List.of("one chunk", "close exit code 0"), log);
    }

    /**
     * A drain listener that writes more than the pipe takes and then ends, run inside the stream's
     * own readiness task: finish must wait for what it queued. It once closed the pipe at once and
     * dropped the queued tail (a flaky loss of a few KiB in the cat test above).
     */
    @Test
    void anEndFromADrainListenerWaitsForWhatItQueued() {
        byte[] first = new byte[4 << 20];
        byte[] second = new byte[2 << 20];
        new Random(7).nextBytes(first);
        new Random(8).nextBytes(second);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        loop.run(() -> {
            ChildProcess cat = Processes.spawn("cat", List.of());
            collect(cat.stdout(), out);
            PipeWriteStream stdin = cat.stdin();
            assertFalse(stdin.write(ByteBuffer.wrap(first)), "4 MiB is past the mark");
            stdin.once(PipeWriteStream.DRAIN, () -> {
                assertFalse(stdin.write(ByteBuffer.wrap(second)), "2 MiB more waits in the stream");
                stdin.end();
            });
        });
        byte[] expected = new byte[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertArrayEquals(expected, out.toByteArray());
    }

    /**
     * A paused stdout stops reading: the child blocks on its full pipe, nothing arrives, and the
     * heap holds no more than a chunk; resumed, all 100 MiB arrive.
     */
    @Test
    void aPausedStdoutStopsTheChildAndTheRestArrivesOnResume() {
        long total = 100L << 20;
        long[] received = {0};
        long[] duringPause = {-1};
        loop.run(() -> {
            ChildProcess head = Processes.spawn("head", List.of("-c", String.valueOf(total), "/dev/zero"));
            PipeReadStream stdout = head.stdout();
            boolean[] paused = {false};
            stdout.onData(chunk -> {
                received[0] += chunk.remaining();
                if (!paused[0] && received[0] > (10 << 20)) {
                    paused[0] = true;
                    stdout.pause();
                    long atPause = received[0];
                    loop.setTimeout(() -> {
                        duringPause[0] = received[0] - atPause;
                        assertTrue(head.exitCode() == null && head.signalCode() == null, "the child ran on while paused");
                        stdout.resume();
                    }, 300);
                }
            });
        });
        assertEquals(0, duringPause[0], "bytes arrived while paused");
        assertEquals(total, received[0]);
    }

    @Test
    void execFileCollectsOutput() {
        ExecResult[] result = new ExecResult[1];
        loop.run(() -> Processes.execFile("echo", List.of("hello world")).then(r -> result[0] = r));
        assertEquals("hello world\n", result[0].stdout());
        assertEquals("", result[0].stderr());
    }

    @Test
    void execFileRejectsWithTheCodeAndTheOutputSoFar() {
        ExecException error = rejection(() -> Processes.exec("echo partial; echo oops >&2; exit 3"));
        assertEquals(3, error.code());
        assertNull(error.signal());
        assertFalse(error.killed());
        assertEquals("partial\n", error.stdout());
        assertEquals("oops\n", error.stderr());
        assertTrue(error.getMessage().startsWith("Command failed: echo partial"), error.getMessage());
    }

    @Test
    void execFileKillsACommandPastItsTimeout() {
        long start = System.nanoTime();
        ExecException error = rejection(() -> Processes.execFile("sleep", List.of("30"),
                ExecOptions.defaults().withTimeout(java.time.Duration.ofMillis(200))));
        assertTrue(error.killed());
        assertEquals("SIGTERM", error.signal());
        assertNull(error.code());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void execFileKillsACommandPastItsMaxBuffer() {
        ExecException error = rejection(() -> Processes.execFile("head", List.of("-c", "10000000", "/dev/zero"),
                ExecOptions.defaults().withMaxBuffer(1000).withKillSignal("SIGKILL")));
        assertTrue(error.killed());
        assertTrue(error.getMessage().startsWith("stdout maxBuffer length exceeded"), error.getMessage());
        assertEquals(1000, error.stdout().length());
    }

    @Test
    void anAbortKillsTheCommandAndItsErrorIsAnAbortError() {
        Throwable[] error = new Throwable[1];
        loop.run(() -> {
            AbortController controller = new AbortController();
            ChildProcess sleep = Processes.spawn("sleep", List.of("30"), SpawnOptions.defaults().withSignal(controller.signal()))
                    .onError(e -> {
                        error[0] = e;
                        events.add("error");
                    })
                    .onExit(status -> events.add("exit " + status))
                    .onClose(status -> events.add("close " + status));
            sleep.onSpawn(() -> controller.abort("enough"));
        });
        assertEquals("enough", assertInstanceOf(AbortError.class, error[0]).reason());
        assertEquals(List.of("error", "exit signal SIGTERM", "close signal SIGTERM"), events);
    }

    @Test
    void anAbortFromAnotherThreadIsHandedToTheLoop() {
        ExitStatus[] status = new ExitStatus[1];
        Throwable[] error = new Throwable[1];
        loop.run(() -> {
            AbortController controller = new AbortController();
            ChildProcess sleep = Processes.spawn("sleep", List.of("30"),
                    SpawnOptions.defaults().withSignal(controller.signal()).withKillSignal("SIGKILL"));
            sleep.onError(e -> error[0] = e);
            sleep.onExit(s -> status[0] = s);
            sleep.onSpawn(() -> Thread.ofPlatform().start(controller::abort));
        });
        assertInstanceOf(AbortError.class, error[0]);
        assertEquals(new ExitStatus(null, "SIGKILL"), status[0]);
    }

    @Test
    void execFileWithAnAbortedSignalRejectsWithAnAbortError() {
        Throwable[] error = new Throwable[2];
        loop.run(() -> {
            Processes.execFile("sleep", List.of("30"), ExecOptions.defaults().withSignal(AbortSignal.abort("before")))
                    .then(r -> fail("resolved"), e -> error[0] = e);
            AbortController later = new AbortController();
            Processes.execFile("sleep", List.of("30"), ExecOptions.defaults().withSignal(later.signal()))
                    .then(r -> fail("resolved"), e -> error[1] = e);
            loop.setTimeout(() -> later.abort(), 50);
        });
        assertEquals("before", assertInstanceOf(AbortError.class, error[0]).reason());
        assertInstanceOf(AbortError.class, error[1]);
    }

    @Test
    void aForkedChildCanBeAborted() {
        Throwable[] error = new Throwable[1];
        ExitStatus[] status = new ExitStatus[1];
        loop.run(() -> {
            AbortController controller = new AbortController();
            ChildProcess child = Processes.fork(ForkTest.child("SilentChild").withSignal(controller.signal()));
            child.onError(e -> error[0] = e);
            child.onExit(s -> status[0] = s);
            loop.setTimeout(() -> controller.abort(), 100);
        });
        assertInstanceOf(AbortError.class, error[0]);
        assertEquals(new ExitStatus(null, "SIGTERM"), status[0], "a JVM ending on SIGTERM exits with 143: reported as the signal");
    }

    /** activeResources(): a running command and its open pipes keep the loop alive. */
    @Test
    void aRunningCommandAndItsPipesAreActiveResources() {
        List<java.util.Map<String, Integer>> seen = new ArrayList<>();
        loop.run(() -> {
            ChildProcess cat = Processes.spawn("cat", List.of());
            cat.stdout().onData(data -> { });
            seen.add(loop.activeResources());
            cat.onExit(status -> seen.add(loop.activeResources()));
            cat.stdin().end();
        });
        assertEquals(java.util.Map.of("ChildProcess", 1, "Pipe", 1), seen.get(0),
                "stdout, which is read; stdin has nothing to write and stderr no reader");
        assertEquals(java.util.Map.of(), seen.get(1));
    }

    /**
     * JDK 25 fails its own start (exit code 1, "Error occurred during initialization of VM") on a
     * SIGTERM that arrives while it initialises its module system, some 20 ms into its start: a
     * shutdown signal sent that early must still end the child as that signal.
     */
    @Test
    void aShutdownSignalSentWhileTheChildJvmStartsEndsItAsThatSignal() {
        int children = 30;
        List<String> endings = new ArrayList<>();
        loop.run(() -> next(0, children, endings));
        assertEquals(children, endings.size());
        assertEquals(List.of(), endings.stream().filter(e -> !e.endsWith("ok")).toList(),
                "every child ended by the signal it was sent");
    }

    /** Forks child {@code i}, kills it later in its start than the one before, and goes on once it exited. */
    private void next(int i, int children, List<String> endings) {
        if (i == children) {
            return;
        }
        String signal = i % 3 == 2 ? "SIGINT" : "SIGTERM";
        ChildProcess child = Processes.fork(ForkTest.child("SilentChild"));
        child.onExit(s -> {
            endings.add("child " + i + " sent " + signal + ": " + s + (s.code() == null && signal.equals(s.signal()) ? " ok" : ""));
            next(i + 1, children, endings);
        });
        if (i == 0) {
            assertTrue(child.kill(signal), "sent at once: held for the JVM, not refused");
        } else {
            loop.setTimeout(() -> child.kill(signal), 16 + 4L * i); // across the start: the window is some 5 ms wide
        }
    }

    @Test
    void execFileOfAMissingCommandRejectsWithItsEnoent() {
        ExecException error = rejection(() -> Processes.execFile("no-such-command-here", List.of()));
        assertInstanceOf(NoSuchFileOrDirectoryException.class, error.getCause());
        assertEquals(-2, error.code());
    }

    private ExecException rejection(java.util.function.Supplier<dev.loop.api.Promise<ExecResult>> run) {
        Throwable[] error = new Throwable[1];
        loop.run(() -> run.get().then(r -> fail("resolved: " + r), e -> {
            error[0] = e;
            return null;
        }));
        return assertInstanceOf(ExecException.class, error[0]);
    }

    private static Object fail(String message) {
        throw new AssertionError(message);
    }

    /** Descriptors, threads and zombies are back to where they were after 1,000 commands. */
    @Test
    void aThousandShortCommandsLeaveNothingBehind() throws IOException {
        loop.run(() -> Processes.execFile("true", List.of())); // the reactor and launcher threads start once
        long fds = openDescriptors();
        int threads = Thread.getAllStackTraces().size();
        int[] done = {0};
        loop.run(() -> new Runnable() {
            @Override
            public void run() {
                if (done[0]++ < 1000) {
                    Processes.execFile("true", List.of()).then(result -> {
                        this.run();
                        return null;
                    });
                }
            }
        }.run());
        assertEquals(1001, done[0]);
        assertEquals(fds, openDescriptors(), "descriptors");
        assertEquals(threads, Thread.getAllStackTraces().size(), "threads");
        assertEquals(List.of(), zombieChildren(), "zombies");
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static List<Long> zombieChildren() throws IOException {
        String self = String.valueOf(ProcessHandle.current().pid());
        List<Long> zombies = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (fields[0].equals("Z") && fields[1].equals(self)) {
                        zombies.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // it ended meanwhile
                }
            }
        }
        return zombies;
    }

    @Test
    void writingToACommandThatClosedItsStdinIsAnEpipeError() {
        Throwable[] error = new Throwable[1];
        loop.run(() -> {
            ChildProcess child = Processes.spawn("sh", List.of("-c", "exec 0<&-; exec sleep 30"));
            child.stdin().onError(e -> {
                error[0] = e;
                child.kill("SIGKILL");
            });
            // Writes until the pipe breaks: the shell closes its stdin at once.
            loop.setInterval(new Runnable() {
                int writes;

                @Override
                public void run() {
                    if (!child.stdin().closed() && writes++ < 1000) {
                        child.stdin().write("x");
                    }
                }
            }, 5).unref();
        });
        assertEquals("EPIPE", assertInstanceOf(dev.loop.io.ErrnoException.class, error[0]).code());
    }

    @Test
    void sendIsRefusedWithoutAChannel() {
        loop.run(() -> {
            ChildProcess child = Processes.spawn("true", List.of());
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> child.send("x"));
            assertTrue(refused.getMessage().contains("no IPC channel"), refused.getMessage());
        });
    }

    @Test
    void aNulCharacterIsRefusedAtOnce() {
        loop.run(() -> assertThrows(IllegalArgumentException.class, () -> Processes.spawn("echo", List.of("a\0b"))));
    }

    @Test
    void closingTheLoopKillsItsCommands() {
        long[] pid = {0};
        loop.run(() -> {
            ChildProcess sleep = Processes.spawn("sleep", List.of("1000"));
            pid[0] = sleep.pid();
            sleep.onExit(s -> events.add("exit"));
            loop.setTimeout(loop::close, 20);
        });
        assertTrue(Procs.endedWithin(pid[0], TimeUnit.SECONDS.toNanos(5)), "the command outlived its loop");
        assertEquals(List.of(), events, "a closed loop runs no more listeners");
    }

    @Test
    void aDetachedCommandLeadsItsOwnSessionAndOutlivesTheLoop() throws IOException {
        long[] pid = {0};
        loop.run(() -> {
            ChildProcess sleep = Processes.spawn("sleep", List.of("1000"),
                    SpawnOptions.defaults().withStdio(Stdio.IGNORE).withDetached(true));
            pid[0] = sleep.pid();
            sleep.unref();
        });
        try {
            String stat = Files.readString(Path.of("/proc/" + pid[0] + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertEquals(String.valueOf(pid[0]), fields[3], "its session id is its pid");
            loop.close();
            assertFalse(Procs.endedWithin(pid[0], TimeUnit.MILLISECONDS.toNanos(200)), "it died with the loop");
        } finally {
            dev.loop.process.os.Native.kill(pid[0], dev.loop.process.os.Signals.KILL);
        }
    }

    /** A forked JVM spawns {@code sleep 1000}; killing that JVM with SIGKILL kills the sleep within a second. */
    @Test
    void aCommandDiesWithItsParentJvmEvenByKillMinusNine() {
        long[] sleep = {0};
        long[] killed = {0};
        loop.run(() -> {
            ChildProcess spawner = Processes.fork(ForkTest.child("SpawnerChild"));
            spawner.onMessage(pid -> {
                sleep[0] = (Long) pid;
                killed[0] = System.nanoTime();
                spawner.kill("SIGKILL");
            });
        });
        boolean ended = Procs.endedWithin(sleep[0], TimeUnit.SECONDS.toNanos(1));
        long millis = (System.nanoTime() - killed[0]) / 1_000_000;
        if (!ended) {
            dev.loop.process.os.Native.kill(sleep[0], dev.loop.process.os.Signals.KILL);
        }
        System.out.println("the spawned sleep ended " + millis + " ms after its parent JVM was sent SIGKILL");
        assertTrue(ended, "the spawned command outlived its parent JVM");
    }

    @Test
    void aForkedChildsOutputCanBePiped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        loop.run(() -> {
            ChildProcess child = recordEvents(Processes.fork(ForkTest.child("PrintChild", "to stdout", "to stderr")
                    .withStdio(Stdio.PIPE, Stdio.PIPE)));
            collect(child.stdout(), out);
            collect(child.stderr(), err);
            assertNull(child.stdin(), "a forked child's stdin is its parent-death pipe");
        });
        assertEquals("to stdout", text(out));
        assertEquals("to stderr", text(err));
        assertEquals("close exit code 0", events.getLast());
    }
}
