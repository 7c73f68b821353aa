package com.example.porter;

import dev.loop.api.DelayHistogram;
import dev.loop.api.EventLoop;
import dev.loop.micrometer.LoopMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * Is the loop healthy? Written from the README's section of that name: what keeps the loop
 * alive, and its meters in the application's registry.
 */
public final class Health {

    private Health() {
    }

    /**
     * Runs a loop with a server-like keep-alive and a timer, binds its meters (delay included) to
     * {@code registry}, and returns what kept it alive while it ran.
     *
     * @param registry where the loop's meters go
     * @return the loop's active resources, read while the timer was pending
     */
    public static Map<String, Integer> runMonitored(MeterRegistry registry) {
        var seen = new java.util.concurrent.atomic.AtomicReference<Map<String, Integer>>();
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                DelayHistogram delay = loop.monitorDelay(Duration.ofMillis(10));
                delay.enable();
                LoopMetrics.monitor(registry, loop, "porter", delay);
                var handle = loop.keepAlive();
                loop.setTimeout(() -> {
                    handle.close();
                    delay.disable();
                }, 50);
                seen.set(loop.activeResources());
            });
        }
        return seen.get();
    }
}
