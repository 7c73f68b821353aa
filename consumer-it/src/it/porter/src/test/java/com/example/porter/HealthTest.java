package com.example.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's health calls and the Micrometer binder, from a module of our own on the module path. */
class HealthTest {

    @Test
    void activeResourcesAndMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, Integer> active = Health.runMonitored(registry);
        assertEquals(Map.of("Timeout", 1, "KeepAlive", 1), active);
        assertTrue(registry.get("loop.iterations").tag("loop", "porter").functionCounter().count() > 0);
        assertTrue(registry.get("loop.delay.max").tag("loop", "porter").timeGauge()
                .value(java.util.concurrent.TimeUnit.MILLISECONDS) >= 9, "the histogram sampled every 10 ms");
    }
}
