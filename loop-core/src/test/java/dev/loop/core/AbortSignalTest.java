package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.AbortController;
import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import dev.loop.api.EventLoop;
import dev.loop.api.Registration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** AbortController and AbortSignal, as Node's: one abort, listeners on a snapshot, timeout and any. */
class AbortSignalTest {

    @Test
    void theFirstAbortCountsAndListenersRunOnceInOrder() {
        AbortController controller = new AbortController();
        AbortSignal signal = controller.signal();
        List<String> heard = new ArrayList<>();
        signal.onAbort(() -> heard.add("first"));
        Registration removed = signal.onAbort(() -> heard.add("removed"));
        signal.onAbort(() -> heard.add("second " + signal.reason()));
        removed.close();
        assertFalse(signal.aborted());
        assertNull(signal.reason());
        controller.abort("why");
        controller.abort("again");
        assertEquals(List.of("first", "second why"), heard);
        assertEquals("why", signal.reason());
        signal.onAbort(() -> heard.add("late")); // after the abort: never runs
        assertEquals(2, heard.size());
        AbortError error = assertThrows(AbortError.class, signal::throwIfAborted);
        assertEquals("why", error.reason());
    }

    @Test
    void aListenerAddedOrRemovedDuringTheAbortDoesNotChangeIt() {
        AbortController controller = new AbortController();
        List<String> heard = new ArrayList<>();
        Registration[] second = new Registration[1];
        controller.signal().onAbort(() -> {
            heard.add("first");
            second[0].close();
            controller.signal().onAbort(() -> heard.add("added during"));
        });
        second[0] = controller.signal().onAbort(() -> heard.add("second"));
        controller.abort();
        assertEquals(List.of("first", "second"), heard, "the abort works on a snapshot");
        assertInstanceOf(AbortError.class, controller.signal().reason(), "the default reason");
    }

    @Test
    void everyListenerRunsEvenWhenOneThrows() {
        AbortController controller = new AbortController();
        List<String> heard = new ArrayList<>();
        controller.signal().onAbort(() -> {
            throw new IllegalStateException("boom");
        });
        controller.signal().onAbort(() -> heard.add("ran"));
        assertThrows(IllegalStateException.class, controller::abort);
        assertEquals(List.of("ran"), heard);
    }

    @Test
    void timeoutAbortsWithATimeoutExceptionAndDoesNotKeepTheLoopAlive() {
        Object[] reason = new Object[1];
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                AbortSignal signal = AbortSignal.timeout(Duration.ofMillis(20));
                signal.onAbort(() -> reason[0] = signal.reason());
                loop.setTimeout(() -> { }, 50); // keeps the loop alive past the signal's timer
            });
            assertInstanceOf(TimeoutException.class, reason[0]);
            long start = System.nanoTime();
            loop.run(() -> AbortSignal.timeout(Duration.ofSeconds(30)));
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "an unref'd timer kept the loop alive");
        }
    }

    @Test
    void anyAbortsWithTheFirstReason() {
        AbortController a = new AbortController();
        AbortController b = new AbortController();
        AbortSignal any = AbortSignal.any(a.signal(), b.signal());
        b.abort("b first");
        a.abort("a later");
        assertSame("b first", any.reason());
        assertTrue(AbortSignal.any(AbortSignal.abort("done"), a.signal()).aborted());
    }
}
