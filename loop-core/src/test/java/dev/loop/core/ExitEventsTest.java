package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's beforeExit and exit events, as Node's process emits them. */
class ExitEventsTest {

    /**
     * Node 20 prints for the same script (process.on('beforeExit'/'exit')): main timer,
     * beforeExit, tick from beforeExit, micro from beforeExit, timer from beforeExit, beforeExit,
     * exit; and the tick that an exit listener queues never runs.
     */
    @Test
    void beforeExitMayKeepTheLoopRunningAndExitComesOnceAtTheEnd() {
        EventLoop loop = EventLoop.create();
        List<String> log = new ArrayList<>();
        int[] rounds = {0};
        loop.run(() -> {
            loop.on(EventLoop.BEFORE_EXIT, () -> {
                log.add("beforeExit");
                if (rounds[0]++ < 1) {
                    loop.setTimeout(() -> log.add("timer from beforeExit"), 1);
                    loop.nextTick(() -> log.add("tick from beforeExit"));
                    loop.resolved(null).thenAccept(v -> log.add("micro from beforeExit"));
                }
            });
            loop.on(EventLoop.EXIT, () -> {
                log.add("exit");
                loop.nextTick(() -> log.add("tick from exit"));
            });
            loop.setTimeout(() -> log.add("main timer"), 1);
        });
        assertEquals(List.of("main timer", "beforeExit", "tick from beforeExit", "micro from beforeExit",
                "timer from beforeExit", "beforeExit", "exit"), log);
        loop.close();
    }

    @Test
    void aStoppedLoopEmitsNeither() {
        EventLoop loop = EventLoop.create();
        List<String> log = new ArrayList<>();
        loop.run(() -> {
            loop.on(EventLoop.BEFORE_EXIT, () -> log.add("beforeExit"));
            loop.on(EventLoop.EXIT, () -> log.add("exit"));
            loop.setTimeout(loop::stop, 1);
            loop.setTimeout(() -> log.add("never"), 1000);
        });
        assertEquals(List.of(), log);
        loop.close();
    }
}
