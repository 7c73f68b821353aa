package dev.loop.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Virtual time: timers fire exactly at their deadlines, only when the test moves time. */
class TestLoopTest {

    private final TestLoop test = TestLoop.create();
    private final EventLoop loop = test.loop();
    private final List<String> log = new ArrayList<>();

    @Test
    void runUntilIdleRunsWhatIsReadyButNeverMovesTime() {
        loop.setTimeout(() -> log.add("timer"), 1);
        loop.setImmediate(() -> {
            log.add("immediate at " + loop.now());
            loop.setImmediate(() -> log.add("next immediate"));
        });
        loop.nextTick(() -> log.add("tick"));
        test.runUntilIdle();
        assertEquals(List.of("tick", "immediate at 0", "next immediate"), log);
        assertEquals(0, test.nowMillis());
    }

    @Test
    void busyLetsTimePassInsideACallbackAndTimersArmedAfterItCountFromTheLaterTime() {
        loop.setImmediate(() -> {
            test.busy(Duration.ofMillis(200));
            log.add("cached " + loop.now() + ", clock " + test.nowMillis());
            loop.setTimeout(() -> log.add("T@" + loop.now()), 100);
            log.add("armed at " + loop.now());
        });
        test.run();
        assertEquals(List.of("cached 0, clock 200", "armed at 200", "T@300"), log);
    }

    /** hrtime reads the loop's clock: virtual here, so it moves exactly as the test moves time. */
    @Test
    void hrtimeIsVirtualOnATestLoop() {
        long[] times = new long[3];
        loop.setImmediate(() -> {
            times[0] = loop.hrtime();
            test.busy(Duration.ofMillis(7));
            times[1] = loop.hrtime();
            loop.setTimeout(() -> times[2] = loop.hrtime(), 10);
        });
        test.run();
        assertEquals(7_000_000L, times[1] - times[0]);
        assertEquals(17_000_000L, times[2] - times[0]);
    }

    @Test
    void busyRefusesANegativeDuration() {
        assertThrows(IllegalArgumentException.class, () -> test.busy(Duration.ofMillis(-1)));
    }

    @Test
    void advanceFiresEachTimerAtItsOwnDeadlineInOrder() {
        loop.setTimeout(() -> log.add("b@" + loop.now()), 20);
        loop.setTimeout(() -> {
            log.add("a@" + loop.now());
            loop.setTimeout(() -> log.add("a.child@" + loop.now()), 5);
        }, 10);
        loop.setTimeout(() -> log.add("late@" + loop.now()), 31);
        test.advance(Duration.ofMillis(30));
        assertEquals(List.of("a@10", "a.child@15", "b@20"), log);
        assertEquals(30, test.nowMillis());
        test.advance(Duration.ofMillis(1));
        assertEquals("late@31", log.get(3));
    }

    @Test
    void advanceMovesTimeEvenWhenNothingIsScheduled() {
        test.advance(Duration.ofMinutes(5));
        assertEquals(300_000, test.nowMillis());
        loop.setTimeout(() -> log.add("at " + loop.now()), 1);
        test.advance(Duration.ofMillis(1));
        assertEquals(List.of("at 300001"), log);
    }

    @Test
    void anHourOfIntervalsTakesNoRealTime() {
        int[] ticks = {0};
        loop.setInterval(() -> ticks[0]++, 1_000);
        test.advance(Duration.ofHours(1));
        assertEquals(3_600, ticks[0]);
    }

    @Test
    void advanceToNextTimerJumpsExactlyToTheEarliestDeadline() {
        loop.setTimeout(() -> log.add("second@" + loop.now()), 250);
        loop.setTimeout(() -> log.add("first@" + loop.now()), 100);
        assertTrue(test.advanceToNextTimer());
        assertEquals(List.of("first@100"), log);
        assertTrue(test.advanceToNextTimer());
        assertEquals(List.of("first@100", "second@250"), log);
        assertFalse(test.advanceToNextTimer());
        assertEquals(250, test.nowMillis());
    }

    @Test
    void anUnrefdTimerDoesNotKeepTheLoopAliveUnderVirtualTimeEither() {
        loop.setTimeout(() -> log.add("unref'd"), 10).unref();
        assertFalse(test.advanceToNextTimer(), "nothing referenced: the loop is not alive");
        assertEquals(List.of(), log);
    }

    @Test
    void aCallbackThatNeverWaitsIsReported() {
        Runnable[] forever = new Runnable[1];
        forever[0] = () -> loop.setImmediate(forever[0]);
        loop.setImmediate(forever[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class, test::runUntilIdle);
        assertTrue(e.getMessage().contains("still busy"), e.getMessage());
        test.close();
    }

    @Test
    void negativeDurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> test.advance(Duration.ofMillis(-1)));
    }
}
