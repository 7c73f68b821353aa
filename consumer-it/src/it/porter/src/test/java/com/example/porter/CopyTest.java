package com.example.porter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.loop.io.Io;
import dev.loop.io.NoSuchFileOrDirectoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stream.pipeline ports: a transform stage, a plain copy, and a missing source. */
class CopyTest {

    @TempDir
    Path dir;

    @Test
    void aTransformUpperCasesEveryChunk() throws Exception {
        Path from = dir.resolve("in.txt");
        Path to = dir.resolve("out.txt");
        String text = "the quick brown fox jumps over the lazy dog\n".repeat(60_000); // 2.6 MiB, many chunks
        Files.writeString(from, text);
        try (Io io = Io.create()) {
            io.loop().run(() -> Copy.upperCase(io, from, to));
        }
        assertEquals(text.toUpperCase(Locale.ROOT), Files.readString(to));
    }

    @Test
    void aPlainCopyIsExact() throws Exception {
        Path from = dir.resolve("in.bin");
        Path to = dir.resolve("out.bin");
        byte[] data = new byte[5 << 20];
        new Random(7).nextBytes(data);
        Files.write(from, data);
        try (Io io = Io.create()) {
            io.loop().run(() -> Copy.plain(io, from, to));
        }
        assertArrayEquals(data, Files.readAllBytes(to));
    }

    @Test
    void aMissingSourceRejectsWithNodesError() {
        Throwable[] error = new Throwable[1];
        try (Io io = Io.create()) {
            io.loop().run(() -> Copy.plain(io, dir.resolve("missing"), dir.resolve("out")).catchError(e -> {
                error[0] = e;
                return null;
            }));
        }
        assertEquals("ENOENT", assertInstanceOf(NoSuchFileOrDirectoryException.class, error[0]).code());
    }
}
