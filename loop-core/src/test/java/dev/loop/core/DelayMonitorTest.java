package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.DelayHistogram;
import dev.loop.api.EventLoop;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Node's monitorEventLoopDelay: the time between the firings of an unreferenced sampling timer. */
class DelayMonitorTest {

    /**
     * On a virtual clock: an idle loop samples exactly the resolution; a callback that holds the
     * loop 100 ms makes one sample that long; disable stops sampling and reset forgets.
     */
    @Test
    void anIdleLoopSamplesTheResolutionAndABlockedOneTheBlock() {
        VirtualTime time = new VirtualTime();
        EventLoop loop = time.newLoop();
        DelayHistogram[] delay = new DelayHistogram[1];
        loop.run(() -> {
            delay[0] = loop.monitorDelay(Duration.ofMillis(20));
            assertEquals(Long.MAX_VALUE, delay[0].min(), "Node's min before any sample");
            assertTrue(Double.isNaN(delay[0].mean()));
            assertTrue(delay[0].enable());
            assertFalse(delay[0].enable(), "enabled already");
            loop.setTimeout(() -> time.advanceMillis(100), 50); // a callback that blocks 100 ms
            loop.setTimeout(() -> assertTrue(delay[0].disable()), 300);
        });
        DelayHistogram h = delay[0];
        long ms = 1_000_000L;
        assertEquals(20 * ms, h.min(), 20 * ms / 1000);
        assertTrue(h.max() >= 100 * ms && h.max() <= 121 * ms, "the blocked interval: " + h.max());
        assertEquals(20 * ms, h.percentile(50), 20 * ms / 1000);
        assertTrue(h.count() >= 9 && h.count() <= 15, "about one sample per 20 ms over 300 ms: " + h.count());
        assertTrue(h.percentiles().lastEntry().getValue() >= 100 * ms);
        assertEquals(0, h.exceeds());
        long count = h.count();
        loop.run(() -> loop.setTimeout(() -> { }, 200));
        assertEquals(count, h.count(), "disabled: no more samples");
        h.reset();
        assertEquals(0, h.count());
        assertThrows(IllegalArgumentException.class, () -> h.percentile(0));
        loop.close();
    }

    /** The sampling timer is unreferenced: it never keeps run() from returning. */
    @Test
    void theSamplingTimerDoesNotKeepTheLoopAlive() {
        // On a virtual clock a loop kept alive would jump from sample to sample for ever.
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            VirtualTime time = new VirtualTime();
            EventLoop loop = time.newLoop();
            loop.run(() -> loop.monitorDelay(Duration.ofMillis(10)).enable());
            loop.run(() -> assertThrows(IllegalArgumentException.class, () -> loop.monitorDelay(Duration.ofNanos(999_999))));
            loop.close();
        });
    }
}
