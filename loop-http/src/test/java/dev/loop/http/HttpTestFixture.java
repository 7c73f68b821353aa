package dev.loop.http;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import org.junit.jupiter.api.AfterEach;

/** What the HTTP tests share: a loop with I/O, closed after each test, and the loopback address. */
abstract class HttpTestFixture {

    static final String HOST = "127.0.0.1";
    final Io io = Io.create();
    final EventLoop loop = io.loop();

    @AfterEach
    void closeIo() {
        io.close();
    }
}
