package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/** The JFR events dev.loop.*: they arrive, with the right fields, once a recording enables them. */
class LoopEventsTest {

    @Test
    void longCallbacksBlockedLoopsAndStatisticsArriveWithTheirFields() throws Exception {
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch statistics = new CountDownLatch(1);
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("dev.loop.LongCallback").withThreshold(Duration.ofMillis(20));
            stream.enable("dev.loop.LoopBlocked");
            stream.enable("dev.loop.LoopStatistics").withPeriod(Duration.ofMillis(100));
            for (String name : List.of("dev.loop.LongCallback", "dev.loop.LoopBlocked")) {
                stream.onEvent(name, events::add);
            }
            stream.onEvent("dev.loop.LoopStatistics", event -> {
                if ("jfr-loop".equals(event.getString("loop"))) {
                    events.add(event);
                    statistics.countDown();
                }
            });
            stream.startAsync();
            try (EventLoop loop = EventLoop.create(LoopOptions.defaults().withName("jfr-loop")
                    .withBlockedLoopDetector(Duration.ofMillis(30)))) {
                loop.run(() -> loop.setTimeout(() -> { // the loop waits first: it notices the recording then
                    loop.setImmediate(() -> spinFor(Duration.ofMillis(120)));
                    loop.setImmediate(() -> { }); // quick: no event
                    loop.setTimeout(() -> { }, 400); // the loop lives (idle) while the statistics come
                }, 10));
                assertTrue(statistics.await(10, TimeUnit.SECONDS), "a statistics event for the loop");
            }
        }
        RecordedEvent longOne = events.stream().filter(e -> e.getEventType().getName().equals("dev.loop.LongCallback"))
                .findFirst().orElseThrow(() -> new AssertionError("no LongCallback event: " + events));
        assertEquals("jfr-loop", longOne.getString("loop"));
        assertEquals("CHECK", longOne.getString("phase"));
        assertTrue(longOne.getDuration().toMillis() >= 120, "its duration: " + longOne.getDuration());
        assertEquals(1, events.stream().filter(e -> e.getEventType().getName().equals("dev.loop.LongCallback")).count(),
                "only the callback past the threshold");
        RecordedEvent blocked = events.stream().filter(e -> e.getEventType().getName().equals("dev.loop.LoopBlocked"))
                .findFirst().orElseThrow(() -> new AssertionError("no LoopBlocked event: " + events));
        assertEquals("CHECK", blocked.getString("phase"));
        assertTrue(blocked.getDuration("blockedFor").toMillis() >= 30);
        assertTrue(blocked.getString("stack").contains("spinFor"), blocked.getString("stack"));
        RecordedEvent stats = events.stream().filter(e -> e.getEventType().getName().equals("dev.loop.LoopStatistics"))
                .findFirst().orElseThrow();
        double utilization = stats.getDouble("utilization");
        assertTrue(utilization >= 0 && utilization <= 1, "utilization " + utilization);
        assertEquals(0, stats.getInt("queueDepth"));
    }

    /** The settings file loop ships (META-INF/jfr/loop.jfc) turns the events on by itself. */
    @Test
    void theShippedSettingsEnableTheEvents() throws Exception {
        Configuration settings;
        try (var in = EventLoop.class.getClassLoader().getResourceAsStream("META-INF/jfr/loop.jfc")) {
            assertTrue(in != null, "loop.jfc is in loop-core's jar");
            settings = Configuration.create(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals("true", settings.getSettings().get("dev.loop.LongCallback#enabled"));
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch longOne = new CountDownLatch(1);
        try (RecordingStream stream = new RecordingStream(settings)) {
            stream.onEvent("dev.loop.LongCallback", event -> {
                events.add(event);
                longOne.countDown();
            });
            stream.startAsync();
            try (EventLoop loop = EventLoop.create(LoopOptions.defaults().withName("jfc-loop"))) {
                loop.run(() -> loop.setTimeout(() -> loop.setImmediate(() -> spinFor(Duration.ofMillis(40))), 10));
            }
            assertTrue(longOne.await(10, TimeUnit.SECONDS), "a LongCallback event with the shipped settings alone");
        }
        assertEquals("jfc-loop", events.get(0).getString("loop"));
    }

    private static void spinFor(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
