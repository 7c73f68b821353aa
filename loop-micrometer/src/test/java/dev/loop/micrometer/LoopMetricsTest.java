package dev.loop.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.DelayHistogram;
import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.LoopOptions;
import dev.loop.api.ResourceKind;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The binder's meters, read from a SimpleMeterRegistry while and after the loop runs. */
class LoopMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void countersUtilisationAndActiveResourcesOfTwoLoops() {
        try (EventLoop first = EventLoop.create(); EventLoop second = EventLoop.create()) {
            LoopMetrics.monitor(registry, first, "first", "app", "test");
            LoopMetrics.monitor(registry, second, "second");
            double[] seenTimeouts = new double[1];
            double[] seenOwn = new double[1];
            ResourceKind own = ResourceKind.of("Subscription");
            new LoopMetrics(first, "first-own", Tags.empty()).withKinds("Subscription").bindTo(registry);
            first.run(() -> {
                first.setTimeout(() -> { }, 5_000).unref();
                first.setTimeout(() -> spin(Duration.ofMillis(30)), 1);
                first.setTimeout(() -> { }, 40);
                Handle subscription = first.keepAlive(own);
                seenTimeouts[0] = gauge("loop.active.resources", "first", "kind", "Timeout");
                seenOwn[0] = gauge("loop.active.resources", "first-own", "kind", "Subscription");
                subscription.close();
            });
            assertEquals(2, seenTimeouts[0], "the referenced timers; the unreferenced one keeps nothing alive");
            assertEquals(1, seenOwn[0], "a kind of one's own, named to the binder");
            assertEquals(0, gauge("loop.active.resources", "first", "kind", "Timeout"), "run() returned: nothing is active");
            assertEquals(first.counters().iterations(), counter("loop.iterations", "first", null, null));
            assertEquals(2, counter("loop.callbacks", "first", "phase", "timers"));
            assertEquals((double) first.counters().callbacks().get(dev.loop.api.Phase.MAIN), counter("loop.callbacks", "first", "phase", "main"));
            assertEquals(0, counter("loop.callbacks", "first", "phase", "check"));
            assertEquals(0, counter("loop.iterations", "second", null, null), "the second loop never ran");
            assertEquals("test", registry.get("loop.iterations").tag("loop", "first").functionCounter().getId().getTag("app"));
            double active = counter("loop.active", "first", null, null);
            double idle = counter("loop.idle", "first", null, null);
            assertTrue(active >= 0.030, "the 30 ms spin is active time: " + active);
            assertTrue(idle > 0, "it waited for its timers: " + idle);
            System.gc(); // the binder is gone (monitor() dropped it): its gauge must still read
            double utilization = gauge("loop.utilization", "first", null, null);
            assertEquals(active / (active + idle), utilization, 0.05, "the first reading covers all the loop's life");
            assertEquals(0, gauge("loop.utilization", "first", null, null), 1e-9, "nothing ran since the previous reading");
        }
    }

    @Test
    void theDelayHistogramsPercentiles() {
        try (EventLoop loop = EventLoop.create(LoopOptions.defaults().withName("delayed"))) {
            loop.run(() -> {
                DelayHistogram delay = loop.monitorDelay(Duration.ofMillis(5));
                delay.enable();
                LoopMetrics.monitor(registry, loop, "delayed", delay);
                loop.setTimeout(() -> spin(Duration.ofMillis(60)), 20);
                loop.setTimeout(delay::disable, 120);
            });
            double max = registry.get("loop.delay.max").tag("loop", "delayed").timeGauge().value(TimeUnit.MILLISECONDS);
            assertTrue(max >= 60, "the 60 ms block is the longest delay: " + max);
            double p50 = registry.get("loop.delay.percentile").tag("loop", "delayed").tag("phi", "0.5").timeGauge()
                    .value(TimeUnit.MILLISECONDS);
            assertTrue(p50 >= 4 && p50 < 60, "most samples come about every 5 ms: " + p50);
            double p99 = registry.get("loop.delay.percentile").tag("phi", "0.99").timeGauge().value(TimeUnit.MILLISECONDS);
            assertTrue(p99 >= p50, "p99 " + p99 + " against p50 " + p50);
        }
    }

    @Test
    void closingTheBinderRemovesItsMetersOnly() {
        try (EventLoop kept = EventLoop.create(); EventLoop gone = EventLoop.create()) {
            LoopMetrics.monitor(registry, kept, "kept");
            LoopMetrics metrics = LoopMetrics.monitor(registry, gone, "gone");
            int all = registry.getMeters().size();
            assertTrue(registry.find("loop.iterations").tag("loop", "gone").functionCounter() != null);
            metrics.close();
            assertEquals(all / 2, registry.getMeters().size(), "the other loop's meters stay");
            assertEquals(null, registry.find("loop.iterations").tag("loop", "gone").functionCounter());
            assertTrue(registry.find("loop.iterations").tag("loop", "kept").functionCounter() != null);
            IllegalStateException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> LoopMetrics.monitor(registry, gone, "kept"));
            assertTrue(twice.getMessage().contains("loop=kept"), twice.getMessage());
            LoopMetrics.monitor(registry, gone, "gone"); // its name is free again
        }
    }

    private double gauge(String name, String loop, String tag, String value) {
        var search = registry.get(name).tag("loop", loop);
        return (tag == null ? search : search.tag(tag, value)).gauge().value();
    }

    private double counter(String name, String loop, String tag, String value) {
        var search = registry.get(name).tag("loop", loop);
        return (tag == null ? search : search.tag(tag, value)).functionCounter().count();
    }

    private static void spin(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
