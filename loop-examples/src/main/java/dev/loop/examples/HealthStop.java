package dev.loop.examples;

import dev.loop.api.DelayHistogram;
import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.api.LoopUtilization;
import dev.loop.io.Io;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Is my loop healthy? A callback that keeps the loop busy for 3 s, on a loop whose blocked-loop
 * detector has a 1 s threshold: the detector reports the phase and the loop thread's stack while it
 * is blocked, and the total once it ends. Then, after the loop has recovered, its utilisation
 * (Node's {@code eventLoopUtilization()}) and its delay histogram (Node's
 * {@code monitorEventLoopDelay()}).
 *
 * <p>The detector logs through {@code System.Logger} under the name {@code dev.loop.blocked}
 * (java.util.logging here, which writes to stderr by default); this stop routes that logger to
 * its own output and prints the report's first line and the stop's own frame of the stack.
 */
final class HealthStop implements Stop {

    private static final Duration BUSY = Duration.ofSeconds(3);
    private static final Duration THRESHOLD = Duration.ofSeconds(1);

    @Override
    public String title() {
        return "Is my loop healthy? A callback busy for 3 s, the blocked-loop detector, then utilisation and delay";
    }

    @Override
    public void run(Io io, PrintStream out) {
        Logger detector = Logger.getLogger("dev.loop.blocked");
        CompletableFuture<Void> recovered = new CompletableFuture<>();
        int[] stillBlocked = new int[1];
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String[] lines = record.getMessage().split("\n");
                if (lines[0].contains("is blocked still")) {
                    stillBlocked[0]++; // again every threshold while it runs: counted, not printed
                    return;
                }
                out.println("detector: " + lines[0]);
                for (String line : lines) {
                    if (line.contains("HealthStop.busyFor")) {
                        out.println("detector:     " + line.strip().replaceFirst("^at [^/ ]+/", "at ")); // without module@version/
                    }
                }
                if (lines[0].contains("no longer blocked")) {
                    recovered.complete(null);
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
            }
        };
        detector.setUseParentHandlers(false);
        detector.addHandler(handler);
        // A loop of its own: the detector is a LoopOptions setting, off by default.
        try (EventLoop loop = EventLoop.create(LoopOptions.defaults().withName("health")
                .withBlockedLoopDetector(THRESHOLD))) {
            loop.run(() -> {
                DelayHistogram delay = loop.monitorDelay(Duration.ofMillis(10));
                delay.enable();
                loop.setTimeout(() -> busyFor(BUSY), 100);
                loop.fromStage(recovered).thenAccept(v -> loop.setTimeout(() -> {
                    out.println("the detector also reported it " + (stillBlocked[0] > 0 ? "again" : "no more")
                            + " while it stayed blocked");
                    LoopUtilization elu = loop.utilization();
                    out.println(String.format(Locale.ROOT, "utilisation since the loop began: %.2f (active %.1f s, idle %.1f s)",
                            elu.utilization(), elu.active().toMillis() / 1e3, elu.idle().toMillis() / 1e3));
                    out.println(String.format(Locale.ROOT, "delay: p50 %.0f ms, max %,d ms, over %d samples",
                            delay.percentile(50) / 1e6, delay.max() / 1_000_000, delay.count()));
                    delay.disable();
                }, 300));
            });
        } finally {
            detector.removeHandler(handler);
            detector.setUseParentHandlers(true);
        }
    }

    /** The busy callback: it never gives the loop back until {@code duration} has passed. */
    private static void busyFor(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
