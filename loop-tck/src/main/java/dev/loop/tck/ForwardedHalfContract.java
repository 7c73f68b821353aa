package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Immediate;
import dev.loop.api.Timeout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A timer or immediate made on another thread is armed by a task forwarded to the loop; the loop
 * thread can hold the handle before that task runs. Closing or unref'ing it in that window must
 * stick (found in review: the closed timer fired, the closed immediate ran, and an unref'd one
 * left the loop's reference count one too high, so run() never returned).
 */
public abstract class ForwardedHalfContract extends LoopSuite {

    /** For subclasses, which name the poller under test. */
    protected ForwardedHalfContract() {
    }


    private final List<String> log = new ArrayList<>();

    private static <T> T fromAnotherThread(Supplier<T> call) {
        Object[] out = new Object[1];
        Thread thread = Thread.ofPlatform().start(() -> out[0] = call.get());
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        @SuppressWarnings("unchecked") // out[0] holds what call returned
        T value = (T) out[0];
        return value;
    }

    @Test
    public void aTimerClosedBeforeItsForwardedArmNeverFires() {
        EventLoop loop = newLoop();
        loop.run(() -> {
            Timeout timer = fromAnotherThread(() -> loop.setTimeout(() -> log.add("fired"), 5));
            timer.close();
            assertFalse(timer.isActive());
        });
        assertEquals(List.of(), log);
    }

    @Test
    public void anImmediateClosedBeforeItsForwardedQueueNeverRuns() {
        EventLoop loop = newLoop();
        loop.run(() -> fromAnotherThread(() -> loop.setImmediate(() -> log.add("ran"))).close());
        assertEquals(List.of(), log);
    }

    @Test
    public void anImmediateUnrefdBeforeItsForwardedQueueLetsRunReturn() throws InterruptedException {
        Thread runner = Thread.ofPlatform().start(() -> {
            EventLoop loop = newLoop();
            loop.run(() -> {
                Immediate immediate = fromAnotherThread(() -> loop.setImmediate(() -> log.add("ran")));
                immediate.unref();
                loop.setTimeout(() -> log.add("timer"), 20); // keeps the loop turning past the check phase
            });
            log.add("run returned");
        });
        runner.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(runner.isAlive(), "run() did not return: the unref'd immediate still held a reference");
        assertTrue(log.contains("run returned"), log::toString);
    }

    @Test
    public void closingAHandleFromAnotherThreadAfterTheLoopClosedDoesNothing() throws Exception {
        EventLoop loop = newLoop();
        Timeout[] timer = new Timeout[1];
        Immediate[] immediate = new Immediate[1];
        loop.run(() -> {
            timer[0] = loop.setTimeout(() -> { }, 1_000);
            immediate[0] = loop.setImmediate(() -> { });
            loop.close();
        });
        Thread closer = Thread.ofPlatform().start(() -> {
            timer[0].close();
            immediate[0].close();
            log.add("no exception");
        });
        closer.join(TimeUnit.SECONDS.toMillis(5));
        assertEquals(List.of("no exception"), log);
    }
}
