package dev.loop.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The trace records label, phase and iteration, and fails with both traces side by side. */
class TraceTest {

    private final TestLoop test = TestLoop.create();
    private final EventLoop loop = test.loop();
    private final Trace trace = new Trace(loop);

    @Test
    void recordsPhaseAndIterationOfEachCallback() {
        loop.setTimeout(trace.of("timer", () -> {
            loop.setImmediate(trace.of("immediate"));
            loop.setTimeout(trace.of("timeout 0"), 0);
            loop.nextTick(trace.of("tick"));
        }), 5);
        loop.execute(trace.of("task"));
        test.advance(Duration.ofMillis(10));
        trace.assertLabels("task", "timer", "tick", "immediate", "timeout 0");
        assertEquals(Phase.POLL, trace.entries().get(0).phase());
        Trace.Entry timer = trace.entries().get(1);
        assertEquals(Phase.TIMERS, timer.phase());
        assertEquals(new Trace.Entry("tick", Phase.TIMERS, timer.iteration()), trace.entries().get(2));
        assertEquals(new Trace.Entry("immediate", Phase.CHECK, timer.iteration()), trace.entries().get(3));
        // The 0 ms timeout is due 1 ms later: iteration k+1 polls (virtual time jumps 1 ms) and
        // iteration k+2 runs it in its timers phase, as libuv would with a real 1 ms sleep.
        assertEquals(new Trace.Entry("timeout 0", Phase.TIMERS, timer.iteration() + 2), trace.entries().get(4));
    }

    @Test
    void aMismatchShowsBothTracesSideBySide() {
        loop.setImmediate(trace.of("a"));
        loop.setImmediate(trace.of("b"));
        test.runUntilIdle();
        AssertionError e = assertThrows(AssertionError.class, () -> trace.assertLabels("a", "c", "d"));
        String message = e.getMessage();
        assertTrue(message.contains("expected") && message.contains("actual"), message);
        assertTrue(message.contains("   1  c        != b"), message);
        assertTrue(message.contains("   2  d"), message);
    }
}
