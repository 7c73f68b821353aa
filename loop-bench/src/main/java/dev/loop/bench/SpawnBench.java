package dev.loop.bench;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import dev.loop.process.ChildProcess;
import dev.loop.process.PipeWriteStream;
import dev.loop.process.Processes;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * Spawned commands, against {@code bench/node/spawn.js} (Node's {@code child_process}) in the same
 * run, on a loop with I/O attached ({@code Io.create()}), as users run it. One case per process:
 * <ul>
 *   <li>{@code exec-true}: 1,000 sequential {@code execFile("true")}, after 50 to warm up; the
 *       mean milliseconds per spawn, from spawn to the promise settling.</li>
 *   <li>{@code cat}: 1 GiB written to {@code cat}'s stdin in 64 KiB chunks (respecting back
 *       pressure) and read back from its stdout, twice, each through a new {@code cat}; MiB per
 *       second of the first (cold: the JIT compiles meanwhile) and of the second.</li>
 * </ul>
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.loop.bench.SpawnBench --case cat}
 * ({@code --bare} runs on {@code EventLoop.create()}, a loop without I/O, instead)
 */
public final class SpawnBench {

    private SpawnBench() {
    }

    /**
     * Runs one case and prints one JSON line.
     *
     * @param args {@code --case exec-true|cat}
     */
    public static void main(String[] args) {
        String name = args.length > 1 && args[0].equals("--case") ? args[1] : "exec-true";
        boolean bare = java.util.Arrays.asList(args).contains("--bare");
        String result;
        try (Io io = bare ? null : Io.create(); EventLoop own = bare ? EventLoop.create() : null) {
            EventLoop loop = bare ? own : io.loop();
            result = switch (name) {
                case "exec-true" -> execTrue(loop);
                case "cat" -> "\"cold_mib_per_s\":" + cat(loop) + ",\"mib_per_s\":" + cat(loop);
                default -> throw new IllegalArgumentException("unknown case " + name);
            };
        }
        System.out.println("{\"side\":\"loop" + (bare ? "-bare" : "") + "\",\"case\":\"" + name + "\"," + result + "}");
    }

    private static String execTrue(EventLoop loop) {
        int warmup = 50;
        int measured = 1000;
        long[] start = {0};
        long[] end = {0};
        int[] done = {0};
        loop.run(() -> new Runnable() {
            @Override
            public void run() {
                if (done[0] == warmup) {
                    start[0] = System.nanoTime();
                }
                if (done[0] == warmup + measured) {
                    end[0] = System.nanoTime();
                    return;
                }
                done[0]++;
                Processes.execFile("true", List.of()).then(result -> {
                    this.run();
                    return null;
                });
            }
        }.run());
        return String.format(Locale.ROOT, "\"ms_per_spawn\":%.3f,\"n\":%d", (end[0] - start[0]) / 1e6 / measured, measured);
    }

    private static String cat(EventLoop loop) {
        long total = 1L << 30;
        byte[] chunk = new byte[64 * 1024];
        long[] received = {0};
        long[] times = {0, 0};
        loop.run(() -> {
            ChildProcess cat = Processes.spawn("cat", List.of());
            cat.stdout().onData(data -> received[0] += data.remaining());
            cat.onClose(status -> times[1] = System.nanoTime());
            PipeWriteStream stdin = cat.stdin();
            long[] sent = {0};
            times[0] = System.nanoTime();
            Runnable pump = new Runnable() {
                @Override
                public void run() {
                    while (sent[0] < total) {
                        sent[0] += chunk.length;
                        if (!stdin.write(ByteBuffer.wrap(chunk))) {
                            stdin.once(PipeWriteStream.DRAIN, this); // Node's once('drain')
                            return;
                        }
                    }
                    stdin.end();
                }
            };
            pump.run();
        });
        if (received[0] != total) {
            throw new IllegalStateException("received " + received[0] + " of " + total + " bytes");
        }
        double seconds = (times[1] - times[0]) / 1e9;
        return String.format(Locale.ROOT, "%.1f", total / seconds / (1 << 20));
    }
}
