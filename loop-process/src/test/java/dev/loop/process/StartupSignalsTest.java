package dev.loop.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.process.os.Signals;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartupSignalsTest {

    private final EventLoop loop = EventLoop.create();
    private final List<String> sent = new ArrayList<>();
    private boolean started = true;
    private boolean running;

    @AfterEach
    void close() {
        loop.close();
    }

    private StartupSignals signals(long longestHoldMillis) {
        return new StartupSignals(loop, () -> started, () -> running,
                number -> sent.add(number + " at " + (running ? "running" : "starting")), longestHoldMillis);
    }

    @Test
    void shutdownSignalsWaitForTheRuntimeInOrderAndOthersGoAtOnce() {
        StartupSignals signals = signals(60_000);
        loop.run(() -> {
            assertTrue(signals.send(Signals.TERM));
            assertTrue(signals.send(Signals.INT));
            assertTrue(signals.send(Signals.HUP));
            assertTrue(signals.send(10)); // SIGUSR1: the JVM's start is not at risk from it
            assertEquals(List.of("10 at starting"), sent, "only the signal the JVM does not handle in Java went at once");
            loop.setTimeout(() -> running = true, 20);
        });
        assertEquals(List.of("10 at starting", "15 at running", "2 at running", "1 at running"), sent);
    }

    @Test
    void aRunningChildGetsItsSignalAtOnce() {
        running = true;
        StartupSignals signals = signals(60_000);
        loop.run(() -> {
            signals.send(Signals.TERM);
            assertEquals(List.of("15 at running"), sent);
        });
    }

    @Test
    void aSignalSentWhileOneIsHeldWaitsBehindIt() {
        StartupSignals signals = signals(60_000);
        loop.run(() -> {
            signals.send(Signals.TERM);
            loop.setTimeout(() -> {
                running = true;
                signals.send(Signals.INT); // the runtime is up, but SIGTERM has not gone yet
                assertEquals(List.of(), sent);
            }, 5);
        });
        assertEquals(List.of("15 at running", "2 at running"), sent);
    }

    @Test
    void whatIsHeldForAChildThatExitsIsNeverSent() {
        StartupSignals signals = signals(60_000);
        loop.run(() -> {
            signals.send(Signals.TERM);
            loop.setTimeout(signals::exited, 10);
        });
        assertEquals(List.of(), sent, "and the loop ended: nothing polls");
    }

    @Test
    void aChildThatNeverReachesItsMainGetsTheSignalWhenTheHoldRunsOut() {
        StartupSignals signals = signals(30);
        long start = System.nanoTime();
        loop.run(() -> signals.send(Signals.TERM)); // the hold alone keeps the loop alive
        long heldMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of("15 at starting"), sent);
        assertTrue(heldMillis >= 29, "held its 30 ms (loop time is whole milliseconds): " + heldMillis);
    }

    @Test
    void beforeTheProcessExistsEverySignalWaitsAndTheLoopWaitsForThem() {
        started = false;
        running = true;
        StartupSignals signals = signals(60_000);
        List<java.util.Map<String, Integer>> seen = new ArrayList<>();
        loop.run(() -> {
            signals.send(Signals.KILL);
            seen.add(loop.activeResources());
            loop.setTimeout(() -> started = true, 10).unref(); // only the held signal keeps the loop alive
        });
        assertEquals(List.of("9 at running"), sent);
        assertEquals(List.of(java.util.Map.of("HeldSignal", 1)), seen);
    }
}
