package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a callback throws and the uncaught-error handler takes the error, Node does not drain the
 * nextTick and microtask queues right after that callback: they drain after the next callback of
 * the same phase, or when the phase ends. The expected orders are what Node 20 printed for the same
 * scripts (with {@code process.on('uncaughtException', e => log('!' + e.message))}).
 */
class NodeThrowOrderTest {

    private final List<String> log = new ArrayList<>();
    private final EventLoop loop = new VirtualTime().newLoop();

    private Runnable throwing(String label, Runnable body) {
        return () -> {
            log.add(label);
            body.run();
            throw new IllegalStateException(label);
        };
    }

    private void tick(String label) {
        loop.nextTick(() -> log.add(label));
    }

    @Test
    void aThrowingTimerLeavesItsTicksForAfterTheNextTimer() {
        loop.run(() -> {
            loop.onUncaughtException((error, phase) -> log.add("!" + error.getMessage()));
            loop.setTimeout(throwing("A", () -> {
                tick("tA");
                loop.resolved(null).thenAccept(v -> log.add("mA"));
            }), 5);
            loop.setTimeout(() -> {
                log.add("B");
                tick("tB");
            }, 5);
            loop.setTimeout(() -> log.add("C"), 5);
        });
        assertEquals(List.of("A", "!A", "B", "tA", "tB", "mA", "C"), log);
    }

    @Test
    void aThrowingImmediateLeavesItsTicksForAfterTheNextImmediate() {
        loop.run(() -> {
            loop.onUncaughtException((error, phase) -> log.add("!" + error.getMessage()));
            loop.setImmediate(throwing("I1", () -> tick("tI1")));
            loop.setImmediate(() -> log.add("I2"));
            loop.setImmediate(() -> log.add("I3"));
        });
        assertEquals(List.of("I1", "!I1", "I2", "tI1", "I3"), log);
    }

    @Test
    void theLastThrowingCallbackOfAPhaseHasItsTicksDrainedWhenThePhaseEnds() {
        loop.run(() -> {
            loop.onUncaughtException((error, phase) -> log.add("!" + error.getMessage()));
            loop.setImmediate(throwing("I1", () -> tick("tI1")));
            loop.setImmediate(throwing("I2", () -> tick("tI2")));
            loop.setTimeout(throwing("A", () -> tick("tA")), 1);
        });
        assertEquals(List.of("I1", "!I1", "I2", "!I2", "tI1", "tI2", "A", "!A", "tA"), log);
    }

    @Test
    void aThrowingTickOrMicrotaskDoesNotStopTheDrain() {
        loop.run(() -> {
            loop.onUncaughtException((error, phase) -> log.add("!" + error.getMessage()));
            loop.nextTick(throwing("T1", () -> {
                tick("tT1");
                loop.resolved(null).thenAccept(v -> log.add("mT1"));
            }));
            tick("T2");
            loop.queueMicrotask(throwing("M1", () -> tick("tM1")));
            loop.queueMicrotask(() -> log.add("M2"));
        });
        assertEquals(List.of("T1", "!T1", "T2", "tT1", "M1", "!M1", "M2", "mT1", "tM1"), log);
    }
}
