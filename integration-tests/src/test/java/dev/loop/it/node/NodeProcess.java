package dev.loop.it.node;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code node} executable that runs {@link NodeScript}s, one child process each.
 *
 * <p>Each run gets a temporary directory for the script and its output. Output goes to files rather
 * than pipes, so nothing has to drain them while Node runs, and the directory is deleted after a
 * successful run but kept after a failed one, for the script to be run again by hand.
 */
public final class NodeProcess {

    /** Node's name on Unix, then on Windows. */
    private static final List<String> NAMES = List.of("node", "node.exe");

    private final Path executable;

    /**
     * A given executable.
     *
     * @param executable the {@code node} binary to run
     */
    public NodeProcess(Path executable) {
        this.executable = Objects.requireNonNull(executable, "executable");
    }

    /**
     * Finds {@code node} in the directories of {@code PATH}, in order, as a shell would.
     *
     * @return the first executable {@code node}, or empty when there is none (tests then skip)
     */
    public static Optional<NodeProcess> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            for (String name : NAMES) {
                Path candidate = Path.of(directory, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(new NodeProcess(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The executable this runs.
     *
     * @return the path of {@code node}
     */
    public Path executable() {
        return executable;
    }

    /**
     * Runs a script with {@code node --expose-internals} and reads its output.
     *
     * @param script a {@link NodeScript}
     * @param timeout how long Node may take; it is killed after that
     * @return what Node reported
     * @throws IOException if the files or the process cannot be set up
     * @throws InterruptedException if interrupted while waiting (Node is killed first)
     * @throws IllegalStateException if Node timed out, exited with a non-zero code, or printed
     *         output that does not parse; the message holds its stderr and the kept script's path
     */
    public NodeRun run(String script, Duration timeout) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("loop-node-");
        Path source = Files.writeString(directory.resolve("program.js"), script, StandardCharsets.UTF_8);
        Path stdout = directory.resolve("stdout.txt");
        Path stderr = directory.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "--expose-internals", source.toString())
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(emptyInput(directory)))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // A developer's NODE_OPTIONS (preloaded modules, inspectors) would change what runs and when.
        builder.environment().remove("NODE_OPTIONS");
        Process process = builder.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (!finished) {
            kill(process);
            throw failure("node did not finish within " + timeout.toMillis() + " ms and was killed", directory, stderr);
        }
        if (process.exitValue() != 0) {
            throw failure("node exited with code " + process.exitValue(), directory, stderr);
        }
        NodeRun run;
        try {
            run = NodeRun.parse(Files.readString(stdout, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw failure(e.getMessage(), directory, stderr);
        }
        delete(directory);
        return run;
    }

    /** Node reads no input; an empty file makes sure it never waits for any. */
    private static File emptyInput(Path directory) throws IOException {
        return Files.createFile(directory.resolve("stdin.txt")).toFile();
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private static IllegalStateException failure(String what, Path directory, Path stderr) throws IOException {
        return new IllegalStateException(what + "; script and output kept in " + directory
                + "\n--- stderr ---\n" + Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
