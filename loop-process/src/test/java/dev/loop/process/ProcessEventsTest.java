package dev.loop.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/** The JFR events dev.loop.ChildProcessSpawn and dev.loop.ChildProcessExit arrive with their fields. */
class ProcessEventsTest {

    @Test
    void aChildsSpawnAndExitAreRecorded() throws Exception {
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch exits = new CountDownLatch(2);
        long[] pids = new long[2];
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("dev.loop.ChildProcessSpawn");
            stream.enable("dev.loop.ChildProcessExit");
            stream.onEvent("dev.loop.ChildProcessSpawn", events::add);
            stream.onEvent("dev.loop.ChildProcessExit", event -> {
                events.add(event);
                exits.countDown();
            });
            stream.startAsync();
            try (EventLoop loop = EventLoop.create()) {
                loop.run(() -> {
                    ChildProcess three = Processes.spawn("sh", List.of("-c", "exit 3"));
                    three.onSpawn(() -> pids[0] = three.pid());
                    ChildProcess sleep = Processes.spawn("sleep", List.of("30"));
                    sleep.onSpawn(() -> {
                        pids[1] = sleep.pid();
                        sleep.kill("SIGKILL");
                    });
                });
            }
            assertTrue(exits.await(10, TimeUnit.SECONDS), "two exit events: " + events);
        }
        RecordedEvent spawned = only(events, "dev.loop.ChildProcessSpawn", pids[0]);
        assertEquals("sh", spawned.getString("command"));
        assertFalse(spawned.getBoolean("forked"));
        RecordedEvent three = only(events, "dev.loop.ChildProcessExit", pids[0]);
        assertEquals(3, three.getInt("exitCode"));
        assertNull(three.getString("signal"));
        assertTrue(three.getDuration("lifetime").toNanos() > 0);
        RecordedEvent killed = only(events, "dev.loop.ChildProcessExit", pids[1]);
        assertEquals(-1, killed.getInt("exitCode"));
        assertEquals("SIGKILL", killed.getString("signal"));
        assertEquals("sleep", killed.getString("command"));
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name, long pid) {
        List<RecordedEvent> matching = events.stream()
                .filter(e -> e.getEventType().getName().equals(name) && e.getLong("pid") == pid).toList();
        assertEquals(1, matching.size(), name + " for pid " + pid + " in " + events);
        return matching.get(0);
    }
}
