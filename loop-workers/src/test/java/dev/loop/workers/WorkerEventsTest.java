package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/** Workers' JFR events (not in LoopFixture: JFR's own threads outlive a test). */
class WorkerEventsTest {

    /** The JFR events dev.loop.WorkerStart and dev.loop.WorkerExit arrive with their fields. */
    @Test
    void aWorkersStartAndExitAreRecorded() throws Exception {
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch exit = new CountDownLatch(1);
        int[] id = new int[1];
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("dev.loop.WorkerStart");
            stream.enable("dev.loop.WorkerExit");
            stream.onEvent("dev.loop.WorkerStart", events::add);
            stream.onEvent("dev.loop.WorkerExit", event -> {
                events.add(event);
                exit.countDown();
            });
            stream.startAsync();
            try (EventLoop loop = EventLoop.create()) {
                loop.run(() -> id[0] = Worker.start(WorkerOptions.defaults().withName("recorded"), w -> {
                    throw new IllegalStateException("ends with 1");
                }).onError(e -> { }).threadId());
            }
            assertTrue(exit.await(10, TimeUnit.SECONDS), "an exit event: " + events);
        }
        RecordedEvent start = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.loop.WorkerStart") && e.getInt("workerId") == id[0])
                .findFirst().orElseThrow(() -> new AssertionError("no start event: " + events));
        assertEquals("recorded", start.getString("name"));
        RecordedEvent end = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.loop.WorkerExit") && e.getInt("workerId") == id[0])
                .findFirst().orElseThrow();
        assertEquals(1, end.getInt("exitCode"));
        assertTrue(end.getDuration("lifetime").toNanos() > 0);
    }
}
