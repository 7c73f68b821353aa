package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocked-loop detector: the loop's name, the phase, the time so far and the stack; then the total. */
class BlockedLoopDetectorTest {

    private final List<BlockedLoopDetector.Report> reports = new CopyOnWriteArrayList<>();

    @AfterEach
    void restoreTheSink() {
        BlockedLoopDetector.sink = reportsToLog();
    }

    private static java.util.function.Consumer<BlockedLoopDetector.Report> reportsToLog() {
        return report -> System.getLogger("dev.loop.blocked").log(System.Logger.Level.WARNING, report.text());
    }

    @Test
    void aCallbackPastTheThresholdIsReportedWithItsPhaseAndStackThenItsTotal() throws Exception {
        CountDownLatch ended = recordUntilTheEnd();
        try (EventLoop loop = watched("blocky", 100)) {
            loop.run(() -> loop.setTimeout(() -> spinFor(Duration.ofMillis(350)), 1));
            assertTrue(ended.await(10, TimeUnit.SECONDS), "the end of the block was reported: " + texts());
        }
        BlockedLoopDetector.Report first = reports.getFirst();
        assertTrue(first.text().startsWith("Loop 'blocky' is blocked: a callback in its TIMERS phase has run for "), first.text());
        assertTrue(Arrays.stream(first.stack()).anyMatch(frame -> frame.getMethodName().equals("spinFor")),
                "the stack shows the blocking callback: " + Arrays.toString(first.stack()));
        assertTrue(reports.stream().anyMatch(r -> r.text().startsWith("Loop 'blocky' is blocked still")),
                "reported again every threshold: " + texts());
        BlockedLoopDetector.Report last = reports.getLast();
        Matcher total = Pattern.compile("Loop 'blocky' is no longer blocked: the callback in its TIMERS phase ran for ([0-9,]+) ms in all")
                .matcher(last.text());
        assertTrue(total.matches(), last.text());
        assertTrue(Long.parseLong(total.group(1).replace(",", "")) >= 350, last.text());
        assertEquals(1, reports.stream().filter(r -> r.stack() == null).count());
    }

    /**
     * The total is the blocking callback's own run, however many callbacks run after it before the
     * detector next looks (it looks every quarter threshold): not the end of the latest of them.
     */
    @Test
    void theTotalEndsWhenTheBlockingCallbackEndsNotWhenTheLatestCallbackDid() throws Exception {
        CountDownLatch ended = recordUntilTheEnd();
        try (EventLoop loop = watched("busy-after", 400)) {
            loop.run(() -> loop.setTimeout(() -> {
                spinFor(Duration.ofMillis(900));
                dev.loop.api.Timeout shortOnes = loop.setInterval(() -> spinFor(Duration.ofMillis(2)), 1); // right after the block
                loop.setTimeout(shortOnes::close, 300);
            }, 1));
            assertTrue(ended.await(10, TimeUnit.SECONDS), "the end of the block was reported: " + texts());
        }
        long millis = totalMillis();
        assertTrue(millis >= 900 && millis < 915, "the 900 ms callback alone: " + reports.getLast().text());
    }

    /** A callback that invokes another inside it (a task delivering a message) is one callback to the detector. */
    @Test
    void aCallbackInvokedInsideTheBlockingOneDoesNotHideItsEnd() throws Exception {
        CountDownLatch ended = recordUntilTheEnd();
        try (EventLoop loop = watched("nested", 100)) {
            loop.run(() -> loop.setTimeout(() -> {
                spinFor(Duration.ofMillis(300)); // reported meanwhile
                dev.loop.spi.LoopContext.of(loop).invoke(() -> spinFor(Duration.ofMillis(1)));
                spinFor(Duration.ofMillis(50));
            }, 1));
            assertTrue(ended.await(10, TimeUnit.SECONDS), "the end of the block was reported: " + texts());
        }
        assertTrue(totalMillis() >= 350, "the outer callback's whole run: " + reports.getLast().text());
    }

    /** A loop closed right after a reported block still gets the line that says how long it blocked. */
    @Test
    void aLoopClosedRightAfterABlockStillReportsItsEnd() throws Exception {
        CountDownLatch ended = recordUntilTheEnd();
        try (EventLoop loop = watched("closing", 100)) {
            loop.run(() -> spinFor(Duration.ofMillis(600))); // reported from 100 ms on, however late the detector is
        } // closed at once: the detector has not looked since the block ended
        assertTrue(ended.await(10, TimeUnit.SECONDS), "the end of the block was reported: " + texts());
        assertTrue(totalMillis() >= 600 && totalMillis() < 650, reports.getLast().text());
        assertTrue(reports.getLast().text().startsWith("Loop 'closing' is no longer blocked"), reports.getLast().text());
    }

    @Test
    void quickCallbacksAreNeverReportedAndTheDetectorIsOffByDefault() throws Exception {
        BlockedLoopDetector.sink = reports::add;
        try (EventLoop loop = EventLoop.create(LoopOptions.defaults().withBlockedLoopDetector(Duration.ofMillis(200)))) {
            loop.run(() -> {
                for (int i = 0; i < 1000; i++) {
                    loop.setImmediate(() -> { });
                }
                loop.setTimeout(() -> { }, 300); // the loop sleeps meanwhile: waiting is not blocking
            });
        }
        try (EventLoop plain = EventLoop.create()) {
            plain.run(() -> spinFor(Duration.ofMillis(50)));
        }
        assertEquals(List.of(), texts());
    }

    /** A loop the detector watches, with a threshold of {@code thresholdMillis}. */
    private static EventLoop watched(String name, long thresholdMillis) {
        return EventLoop.create(LoopOptions.defaults().withName(name).withBlockedLoopDetector(Duration.ofMillis(thresholdMillis)));
    }

    /** Collects every report; the latch opens at the one that says the block ended. */
    private CountDownLatch recordUntilTheEnd() {
        CountDownLatch ended = new CountDownLatch(1);
        BlockedLoopDetector.sink = report -> {
            reports.add(report);
            if (report.stack() == null) {
                ended.countDown();
            }
        };
        return ended;
    }

    /** The total the last report gives, in milliseconds. */
    private long totalMillis() {
        Matcher total = Pattern.compile(".* ran for ([0-9,]+) ms in all").matcher(reports.getLast().text());
        assertTrue(total.matches(), reports.getLast().text());
        return Long.parseLong(total.group(1).replace(",", ""));
    }

    private List<String> texts() {
        return reports.stream().map(BlockedLoopDetector.Report::text).toList();
    }

    /** Burns the CPU on the loop thread, as a blocking callback does. */
    private static void spinFor(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
