package dev.loop.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the tour ({@code dev.loop.examples/dev.loop.examples.Tour}) in a child JVM on the module
 * path, as a user would, and checks its output line by line and that it writes nothing to stderr:
 * no JVM warnings (Unsafe, native access, agents) are tolerated.
 */
class TourIT {

    /** Set by the build (maven-dependency-plugin build-classpath, passed on by Surefire). */
    private static final String MODULE_PATH_PROPERTY = "dev.loop.it.tourModulePath";

    private static final long TIMEOUT_SECONDS = 60;

    /**
     * The tour's output. Exact lines, except where a line carries a timing number: a pattern then.
     */
    private static final List<Line> EXPECTED = List.of(
            exact("== 1. Blocking: one thread runs every callback, so a long for-loop holds everything up =="),
            exact("Task 1"),
            exact("Task 2"),
            exact("Task 3"),
            matching("setTimeout\\(0\\), scheduled before the for-loop, fired [1-9][0-9]* ms late: the loop was blocked"),
            exact(""),
            exact("== 2. Ordering: sync code, nextTick, promises, then the loop's phases =="),
            exact("sync: runs first, before the loop takes over"),
            exact("nextTick: runs right after the current callback, before any microtask"),
            exact("promise: microtasks run after the nextTick queue"),
            exact("timeout: the entry's setTimeout(0) runs in the timers phase;"
                    + " it schedules a setTimeout(0) and a setImmediate"),
            exact("immediate: inside a timer callback, the check phase comes before the next timers phase"),
            exact("timeout: the second setTimeout(0) waits for the timers phase of the next iteration"),
            exact(""),
            exact("== 3. Quick start: the README's example =="),
            exact("sync"),
            exact("nextTick"),
            exact("promise 42"),
            exact("immediate"),
            exact("timeout"),
            exact(""),
            exact("== 4. Reading a file: the work pool reads while the script goes on =="),
            exact("Task 1"),
            exact("Task 2"),
            exact("Task 3"),
            exact("done reading file (100 MiB)"),
            exact(""),
            exact("== 5. An echo server: net.createServer, connect, write, end =="),
            ioUringAllowed() ? exact("server: listening, on the io_uring backend") : matching("server: listening, on the (io_uring|nio) backend"),
            exact("client: got back 'hello, loop'"),
            exact("server: the client ended its side"),
            exact("client: closed"),
            exact(""),
            exact("== 6. Workers: two threads with loops of their own, talking through ports =="),
            matching("I am Worker Data [12]"),
            matching("I am Worker Data [12]"),
            exact("both workers exited with code 0"),
            exact(""),
            exact("== 7. Shared memory: four workers count through Atomics.add =="),
            exact("counter = 400000 (4 workers x 100000 increments, none lost)"),
            exact(""),
            exact("== 8. Fork: a CPU-bound job split across four child JVMs, over shared memory =="),
            matching("1 child:    412849 primes below 6000000 in [0-9]+ ms"),
            matching("4 children: 412849 primes below 6000000 in [0-9]+ ms \\(each child starts a JVM\\)"),
            exact(""),
            exact("== 9. A REST endpoint that forks a child per job and answers at once =="),
            exact("server: listening"),
            exact("client: HTTP/1.1 200 OK {\"status\": true, \"sent\": true}"),
            exact("ml_algo executed with 108"),
            exact(""),
            exact("== 10. Spawn: an OS command's output streamed, and a shell pipeline through exec =="),
            matching("spawn ls -la \\| total [0-9]+"),
            matching("spawn ls -la \\| d.* \\."),
            matching("spawn ls -la \\| d.* \\.\\."),
            matching("spawn ls -la \\| -.* notes\\.txt"),
            matching("spawn ls -la \\| -.* todo\\.txt"),
            exact("spawn ls -la: exit code 0"),
            matching("exec 'echo \\$HOME \\| wc -c': [0-9]+ \\(the bytes of \\$HOME and a newline\\)"),
            exact(""),
            exact("== 11. Respawn: a child killed in the middle of a stream, and nothing lost =="),
            exact("killed the child with SIGKILL after 3000 answers"),
            exact("it exited by SIGKILL with messages unacknowledged; respawn() delivers them first"),
            exact("processed 10000 of 10000 messages, in order: true, unmarked duplicates: 0"),
            exact(""),
            exact("== 12. Shared memory across processes: a parent and two forked children count through one counter =="),
            exact("counter = 300000 (a parent and 2 children x 100000 increments, none lost)"),
            exact(""),
            exact("== 13. Is my loop healthy? A callback busy for 3 s, the blocked-loop detector, then utilisation and delay =="),
            matching("detector: Loop 'health' is blocked: a callback in its TIMERS phase has run for 1,[0-9]{3} ms"
                    + " \\(threshold 1,000 ms\\); its thread 'main' is at:"),
            matching("detector:     at dev\\.loop\\.examples\\.HealthStop\\.busyFor\\(HealthStop\\.java:[0-9]+\\)"),
            matching("detector: Loop 'health' is no longer blocked: the callback in its TIMERS phase ran for 3,[0-9]{3} ms in all"),
            exact("the detector also reported it again while it stayed blocked"),
            matching("utilisation since the loop began: 0\\.[0-9]{2} \\(active 3\\.[0-9] s, idle [0-9]+\\.[0-9] s\\)"),
            matching("delay: p50 [0-9]+ ms, max 3,[0-9]{3} ms, over [0-9]+ samples"));

    /** Whether this machine's kernel allows io_uring to every process (the project's machines do). */
    private static boolean ioUringAllowed() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled")).strip().equals("0");
        } catch (IOException noSuchSetting) {
            return false;
        }
    }

    @Test
    void tourPrintsEveryStopInOrderAndNothingOnStderr(@TempDir Path dir) throws IOException, InterruptedException {
        String modulePath = System.getProperty(MODULE_PATH_PROPERTY);
        assertNotNull(modulePath, MODULE_PATH_PROPERTY + " is not set: run this test through Maven"
                + " (integration-tests/pom.xml computes it with maven-dependency-plugin)");
        assertFalse(modulePath.isBlank() || modulePath.contains("${"),
                MODULE_PATH_PROPERTY + " was not resolved: '" + modulePath + "'");

        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java,
                "--enable-native-access=dev.loop.process,dev.loop.io.uring", // loop-process's futex and kill(2); the ring
                "--module-path", modulePath,
                "--module", "dev.loop.examples/dev.loop.examples.Tour")
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // Options injected through the environment make the JVM print "Picked up ..." on stderr;
        // they are the machine's, not the tour's.
        Map<String, String> env = builder.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");

        Process tour = builder.start();
        boolean exited;
        try {
            exited = tour.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            if (tour.isAlive()) {
                tour.destroyForcibly();
                tour.waitFor(10, TimeUnit.SECONDS);
            }
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        String report = "\n--- stdout ---\n" + out + "--- stderr ---\n" + err + "---";
        if (!exited) {
            fail("the tour did not finish within " + TIMEOUT_SECONDS + " s and was destroyed" + report);
        }

        assertEquals(0, tour.exitValue(), "the tour's exit code" + report);
        // Where io_uring is not allowed, loop-io says so once, and that is all the tour may print there
        String unexpectedErr = err.lines().filter(line -> !line.contains("IoBackends reportFallback")
                && !line.startsWith("INFO: The io_uring I/O backend is not available here")).collect(Collectors.joining("\n"));
        assertEquals("", unexpectedErr, "the tour must write nothing else to stderr" + report);
        List<String> lines = out.lines().toList();
        for (int i = 0; i < Math.min(lines.size(), EXPECTED.size()); i++) {
            Line expected = EXPECTED.get(i);
            if (!expected.matches(lines.get(i))) {
                fail("line " + (i + 1) + ": expected " + expected + " but was \"" + lines.get(i) + "\"" + report);
            }
        }
        assertEquals(EXPECTED.size(), lines.size(), "number of lines" + report);
        assertEquals(2, lines.stream().filter(l -> l.equals("I am Worker Data 1") || l.equals("I am Worker Data 2"))
                .distinct().count(), "each worker replies once with its own data" + report);
    }

    private static Line exact(String text) {
        return new Line(Pattern.compile(Pattern.quote(text)), "\"" + text + "\"");
    }

    private static Line matching(String regex) {
        return new Line(Pattern.compile(regex), "a line matching /" + regex + "/");
    }

    /** One expected line of output: exact text, or a pattern for a line with a timing number. */
    private record Line(Pattern pattern, String description) {

        boolean matches(String line) {
            return pattern.matcher(line).matches();
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
