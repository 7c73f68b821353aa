package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import dev.loop.process.ChildProcess;
import dev.loop.process.ExecException;
import dev.loop.process.Processes;
import dev.loop.process.SpawnOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Node's {@code child_process.spawn} and {@code exec}: {@code ls -la} with its output streamed to
 * the loop as it comes, then a shell pipeline through {@code exec}, the one form that uses a shell.
 */
final class SpawnStop implements Stop {

    @Override
    public String title() {
        return "Spawn: an OS command's output streamed, and a shell pipeline through exec";
    }

    @Override
    public void run(Io io, PrintStream out) {
        EventLoop loop = io.loop();
        Path dir = directoryWithTwoFiles();
        try {
            loop.run(() -> {
                // spawn: no shell, arguments as given; stdout arrives in chunks, as the command writes it.
                ChildProcess ls = Processes.spawn("ls", List.of("-la"),
                        SpawnOptions.defaults().withCwd(dir).withEnv(Map.of("LC_ALL", "C", "PATH", System.getenv("PATH"))));
                StringBuilder pending = new StringBuilder();
                ls.stdout().onData(chunk -> {
                    pending.append(StandardCharsets.UTF_8.decode(chunk));
                    for (int end; (end = pending.indexOf("\n")) >= 0; pending.delete(0, end + 1)) {
                        out.println("spawn ls -la | " + pending.substring(0, end));
                    }
                });
                ls.onClose(status -> {
                    out.println("spawn ls -la: " + status);
                    // exec: the shell expands $HOME and runs the pipe; the result is a promise.
                    Processes.exec("echo $HOME | wc -c").then(result -> {
                        out.println("exec 'echo $HOME | wc -c': " + result.stdout().strip()
                                + " (the bytes of $HOME and a newline)");
                        return null;
                    }, error -> {
                        out.println("exec failed: " + ((ExecException) error).stderr());
                        return null;
                    });
                });
            });
        } finally {
            delete(dir);
        }
    }

    private static Path directoryWithTwoFiles() {
        try {
            Path dir = Files.createTempDirectory("loop-tour-");
            Files.writeString(dir.resolve("notes.txt"), "hello\n");
            Files.writeString(dir.resolve("todo.txt"), "spawn a command\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
