package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import java.time.Instant;
import java.util.Locale;

/**
 * How long a cold JVM takes from {@code java} to a script's first callbacks: the entry callback (the
 * script body), then its first immediate (the first check phase). {@code bench/startup.sh} runs it
 * cold and with a JDK 25 AOT cache (the README's recipe), and reports both.
 *
 * <p>Usage: {@code java -p <jars> -m dev.loop.examples/dev.loop.examples.Startup <epoch nanos at launch>}.
 * It prints one JSON line.
 */
public final class Startup {

    private Startup() {
    }

    /**
     * Runs a small script on a loop with I/O and prints the milliseconds from the launch.
     *
     * @param args the launch time, in nanoseconds since the epoch ({@code date +%s%N})
     */
    public static void main(String[] args) {
        long launched = Long.parseLong(args[0]);
        double[] at = new double[2];
        try (Io io = Io.create()) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                at[0] = sinceLaunch(launched);
                loop.setTimeout(() -> { }, 1);
                loop.setImmediate(() -> at[1] = sinceLaunch(launched));
                loop.resolved(1).thenAccept(v -> { });
            });
        }
        System.out.printf(Locale.ROOT, "{\"entry_ms\":%.1f,\"first_immediate_ms\":%.1f}%n", at[0], at[1]);
    }

    private static double sinceLaunch(long launchedNanos) {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return (nanos - launchedNanos) / 1e6;
    }
}
