package dev.loop.workers;

import dev.loop.api.EventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * What the worker and port tests share: a loop owned by the test thread, a log, and the check
 * after each test that every thread started since the test began has ended.
 */
abstract class LoopFixture {

    final Threads threads = Threads.baseline();
    final EventLoop loop = EventLoop.create();
    final List<Object> log = new ArrayList<>();

    @AfterEach
    void noThreadIsLeftBehind() {
        loop.close();
        threads.assertNoneLeft();
    }
}
