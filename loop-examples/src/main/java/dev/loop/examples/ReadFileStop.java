package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The article's file example: {@code fs.readFile} hands the reading to the work pool, so the
 * script's own tasks all run before the file's callback, however big the file.
 */
final class ReadFileStop implements Stop {

    private static final int MIB = 1 << 20;
    private static final int SIZE_MIB = 100;

    @Override
    public String title() {
        return "Reading a file: the work pool reads while the script goes on";
    }

    @Override
    public void run(Io io, PrintStream out) {
        Path file = createFile();
        try {
            EventLoop loop = io.loop();
            loop.run(() -> {
                out.println("Task 1");
                io.fs().readFile(file).thenAccept(data -> out.println("done reading file (" + data.length / MIB + " MiB)"));
                out.println("Task 2");
                out.println("Task 3");
            });
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                out.println("could not delete " + file + ": " + e);
            }
        }
    }

    /** A 100 MiB file, written before the loop starts, as the article assumes one exists. */
    private static Path createFile() {
        try {
            Path file = Files.createTempFile("loop-tour-", ".bin");
            byte[] mebibyte = new byte[MIB];
            try (var channel = Files.newOutputStream(file)) {
                for (int i = 0; i < SIZE_MIB; i++) {
                    channel.write(mebibyte);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the tour's 100 MiB file", e);
        }
    }
}
