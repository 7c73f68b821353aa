package com.example.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import dev.loop.workers.Worker;
import org.junit.jupiter.api.Test;

/** The tests run as a user's do: our code in our named module, the library's in theirs, on the module path. */
class ModulePathTest {

    @Test
    void everythingIsANamedModule() {
        assertEquals("com.example.porter", Script.class.getModule().getName());
        assertEquals("dev.loop.api", EventLoop.class.getModule().getName());
        assertEquals("dev.loop.io", Io.class.getModule().getName());
        assertEquals("dev.loop.workers", Worker.class.getModule().getName());
        try (EventLoop loop = EventLoop.create()) {
            assertEquals("dev.loop.core", loop.getClass().getModule().getName(), "loop-core bound through ServiceLoader");
        }
    }
}
