package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The timer queue at scale: a million pending timers, O(1) cancel, and no growth from re-arming. */
class TimerQueueTest {

    private final VirtualTime time = new VirtualTime();
    private final CoreEventLoop loop = (CoreEventLoop) time.newLoop();

    @Test
    void aMillionTimersFireInDeadlineOrderAndCancelledOnesNever() {
        int n = 1_000_000;
        SplittableRandom random = new SplittableRandom(42);
        long[] lastDeadline = {-1};
        int[] fired = {0};
        int[] outOfOrder = {0};
        int[] firedCancelled = {0};
        loop.run(() -> {
            List<Timeout> timers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int delay = random.nextInt(1001);
                boolean[] cancelled = {false};
                timers.add(loop.setTimeout(() -> {
                    fired[0]++;
                    if (cancelled[0]) {
                        firedCancelled[0]++;
                    }
                    if (loop.now() < lastDeadline[0]) {
                        outOfOrder[0]++;
                    }
                    lastDeadline[0] = loop.now();
                }, delay));
                if (i % 3 == 0) {
                    cancelled[0] = true;
                }
            }
            for (int i = 0; i < n; i += 3) {
                timers.get(i).close();
            }
        });
        assertEquals(n - (n + 2) / 3, fired[0]);
        assertEquals(0, outOfOrder[0]);
        assertEquals(0, firedCancelled[0]);
    }

    @Test
    void reArmingOneTimerAMillionTimesKeepsTheHeapSmall() {
        loop.run(() -> {
            Timeout idle = loop.setTimeout(() -> { }, 60_000);
            for (int i = 0; i < 1_000_000; i++) {
                idle.refresh(); // a socket's idle timeout, refreshed on every read
            }
            assertEquals(1, loop.timers().size());
            assertEquals(1, loop.timers().lists());
            idle.close();
            assertEquals(0, loop.timers().lists());
        });
    }

    @Test
    void cancellingTimersOneByOneKeepsTheHeapSmall() {
        loop.run(() -> {
            for (int i = 0; i < 100_000; i++) {
                loop.setTimeout(() -> { }, 1_000).close();
            }
            assertEquals(0, loop.timers().size());
            assertEquals(0, loop.timers().lists());
        });
    }
}
