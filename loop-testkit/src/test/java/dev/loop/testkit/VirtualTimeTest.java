package dev.loop.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Virtual time over a real poller: the clock jumps to the next timer once the loop is quiet. */
class VirtualTimeTest {

    @Test
    void timersHoursApartFireAtTheirExactTimesInMillisecondsOfRealTime() {
        VirtualTime time = VirtualTime.create();
        EventLoop loop = EventLoop.create(time.applyTo(LoopOptions.defaults()));
        List<String> log = new ArrayList<>();
        long start = System.nanoTime();
        loop.run(() -> {
            loop.setTimeout(() -> log.add("2h at " + loop.now()), Duration.ofHours(2).toMillis());
            loop.setTimeout(() -> {
                log.add("1h at " + loop.now());
                loop.setTimeout(() -> log.add("1h+5ms at " + loop.now()), 5);
            }, Duration.ofHours(1).toMillis());
        });
        assertEquals(List.of("1h at 3600000", "1h+5ms at 3600005", "2h at 7200000"), log);
        assertEquals(Duration.ofHours(2), time.elapsed());
        assertEquals(3, time.jumps());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "three quiet periods, not hours");
    }

    @Test
    void oneVirtualTimeServesOneLoop() {
        VirtualTime time = VirtualTime.create();
        LoopOptions options = time.applyTo(LoopOptions.defaults());
        EventLoop.create(options).run(() -> { });
        assertThrows(IllegalStateException.class, () -> EventLoop.create(options));
        assertThrows(IllegalArgumentException.class, () -> VirtualTime.withQuietPeriod(Duration.ZERO));
    }
}
