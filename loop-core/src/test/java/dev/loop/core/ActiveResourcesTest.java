package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.Immediate;
import dev.loop.api.ResourceKind;
import dev.loop.api.Timeout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** EventLoop.activeResources(): Node's getActiveResourcesInfo(), counted by kind. One test per kind loop-core names. */
class ActiveResourcesTest {

    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void anIdleLoopHasNone() {
        assertEquals(Map.of(), loop.activeResources());
        List<Map<String, Integer>> atEnd = new ArrayList<>(Collections.nCopies(1, null));
        loop.run(() -> loop.setTimeout(() -> atEnd.set(0, loop.activeResources()), 1));
        assertEquals(Map.of(), atEnd.get(0), "the timer that runs is no longer active, as in Node");
        assertEquals(Map.of(), loop.activeResources());
    }

    @Test
    void referencedTimersAreTimeouts() {
        List<Map<String, Integer>> seen = new ArrayList<>(Collections.nCopies(3, null));
        loop.run(() -> {
            Timeout a = loop.setTimeout(() -> { }, 1_000);
            Timeout b = loop.setInterval(() -> { }, 1_000);
            loop.setTimeout(() -> { }, 1_000).unref();
            seen.set(0, loop.activeResources());
            b.unref();
            seen.set(1, loop.activeResources());
            a.close();
            b.close();
            seen.set(2, loop.activeResources());
        });
        assertEquals(Map.of("Timeout", 2), seen.get(0), "the unreferenced timer keeps nothing alive");
        assertEquals(Map.of("Timeout", 1), seen.get(1));
        assertEquals(Map.of(), seen.get(2));
    }

    @Test
    void referencedImmediatesAreImmediates() {
        List<Map<String, Integer>> seen = new ArrayList<>(Collections.nCopies(2, null));
        loop.run(() -> {
            loop.setImmediate(() -> seen.set(1, loop.activeResources()));
            Immediate unrefd = loop.setImmediate(() -> { });
            unrefd.unref();
            loop.setImmediate(() -> { });
            seen.set(0, loop.activeResources());
        });
        assertEquals(Map.of("Immediate", 2), seen.get(0));
        assertEquals(Map.of("Immediate", 1), seen.get(1), "the one that runs has left the queue");
    }

    @Test
    void keepAliveHandlesAreListedUnderTheirKind() {
        ResourceKind subscription = ResourceKind.of("Subscription");
        List<Map<String, Integer>> seen = new ArrayList<>(Collections.nCopies(2, null));
        loop.run(() -> {
            Handle plain = loop.keepAlive();
            Handle own = loop.keepAlive(subscription);
            Handle unrefd = loop.keepAlive(subscription).unref();
            seen.set(0, loop.activeResources());
            plain.close();
            own.close();
            unrefd.close();
            seen.set(1, loop.activeResources());
        });
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("KeepAlive", 1);
        expected.put("Subscription", 1);
        assertEquals(expected, seen.get(0));
        assertEquals(Map.of(), seen.get(1));
    }

    @Test
    void tasksNotRunYetAreTasks() throws InterruptedException {
        CountDownLatch queued = new CountDownLatch(1);
        List<Map<String, Integer>> seen = new ArrayList<>(Collections.nCopies(2, null));
        loop.run(() -> {
            loop.execute(() -> { });
            Thread.ofPlatform().start(() -> {
                loop.execute(() -> seen.set(1, loop.activeResources()));
                queued.countDown();
            });
            try {
                queued.await(); // the loop thread waits here, so both tasks are queued when it looks
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            seen.set(0, loop.activeResources());
        });
        assertEquals(Map.of("Task", 2), seen.get(0));
        assertEquals(Map.of(), seen.get(1), "the last task, running, is not counted");
    }

    @Test
    void aStageTheLoopWaitsOnIsACompletionStage() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        List<Map<String, Integer>> seen = new ArrayList<>(Collections.nCopies(1, null));
        loop.run(() -> {
            loop.fromStage(stage);
            seen.set(0, loop.activeResources());
            Thread.ofPlatform().start(() -> stage.complete("done"));
        });
        assertEquals(Map.of("CompletionStage", 1), seen.get(0));
    }

    @Test
    void anotherThreadMayAsk() throws Exception {
        CountDownLatch armed = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        List<Map<String, Integer>> seen = new ArrayList<>(Collections.nCopies(1, null));
        Thread asker = Thread.ofPlatform().start(() -> {
            try {
                armed.await();
                seen.set(0, loop.activeResources());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            asked.countDown();
        });
        loop.run(() -> {
            Timeout timer = loop.setTimeout(() -> { }, 60_000);
            armed.countDown();
            Thread.ofPlatform().start(() -> {
                try {
                    asked.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                loop.execute(timer::close);
            });
        });
        asker.join();
        assertEquals(Map.of("Timeout", 1), seen.get(0));
    }

    @Test
    void aClosedLoopKeepsNothingAlive() {
        loop.run(() -> {
            loop.setTimeout(() -> { }, 60_000);
            loop.keepAlive();
            loop.stop(); // run() returns with both still open
        });
        assertEquals(Map.of("Timeout", 1, "KeepAlive", 1), loop.activeResources());
        loop.close();
        assertEquals(Map.of(), loop.activeResources());
    }

    @Test
    void aKindNeedsAName() {
        assertThrows(IllegalArgumentException.class, () -> ResourceKind.of(" "));
        assertEquals(ResourceKind.of("Timeout"), ResourceKind.TIMEOUT, "kinds are interned by name");
    }
}
