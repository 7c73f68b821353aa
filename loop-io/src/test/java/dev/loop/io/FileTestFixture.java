package dev.loop.io;

import dev.loop.api.EventLoop;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the file tests share: a temporary directory, and a loop with I/O closed after each test. */
abstract class FileTestFixture {

    @TempDir
    Path dir;

    final Io io = Io.create();
    final EventLoop loop = io.loop();
    final Fs fs = io.fs();

    @AfterEach
    void close() {
        io.close();
    }
}
