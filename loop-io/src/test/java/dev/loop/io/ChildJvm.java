package dev.loop.io;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that runs a {@code main} of these tests with the test JVM's own classes (on the class
 * path, where the providers are found through {@code META-INF/services}), optionally under a
 * command such as {@code prlimit} that changes its limits. Its standard output arrives line by
 * line through {@link #nextLine}; closing it destroys the process.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-jvm-stdout").start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the process was destroyed: no more lines
            }
            lines.add(EOF);
        });
    }

    /** Put into the line queue when the child's standard output ends. */
    static final String EOF = "<end of output>";

    /**
     * Starts {@code main} in a child JVM.
     *
     * @param wrapper the command to run java under (such as {@code prlimit --nofile=128:128 --}), or none
     * @param jvmOptions options for the child JVM
     * @param main the class whose main runs
     * @param args its arguments
     */
    static ChildJvm start(List<String> wrapper, List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath(main));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ChildJvm(process);
    }

    /** The test JVM's module path and class path, and the test classes, as one class path. */
    private static String classPath(Class<?> main) {
        Set<String> entries = new LinkedHashSet<>();
        try {
            entries.add(Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test classes of " + main, e);
        }
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(entry);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The next line the child printed, waiting at most {@code millis}.
     *
     * @return the line, {@link #EOF} once its output ended, or null after the wait
     */
    String nextLine(long millis) throws InterruptedException {
        return lines.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Closes its standard input, which the children here take as the signal to exit. */
    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /** Destroys the process and waits (10 s at most, then forcibly) for it to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
