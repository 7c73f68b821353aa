package dev.loop.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.loop.io.Io;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path operations the ring does natively, in the cases the conformance suite leaves out. */
class UringPathsTest {

    @Test
    void aForcedRemovalOfNothingSucceedsAndAnEmptyDirectoryGoes(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        List<String> log = new ArrayList<>();
        try (Io io = Io.create()) {
            io.loop().run(() -> io.fs().rm(dir.resolve("missing"), false, true)
                    .thenCompose(v -> io.fs().rm(empty, false, false))
                    .thenCompose(v -> io.fs().mkdir(dir.resolve("made"), false))
                    .thenCompose(v -> io.fs().rename(dir.resolve("made"), dir.resolve("moved")))
                    .thenAccept(v -> log.add("done")));
        }
        assertEquals(List.of("done"), log);
        assertFalse(Files.exists(empty));
        assertEquals(List.of("moved"), Files.list(dir).map(p -> p.getFileName().toString()).toList());
    }
}
