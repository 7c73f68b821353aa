package dev.loop.bench;

import dev.loop.io.Io;
import dev.loop.io.Streams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * A file-to-file {@code Streams.pipeline} of a 200 MiB file in 64 KiB chunks, against
 * {@code bench/node/pipeline.js} (Node's {@code stream.pipeline} of {@code fs} streams) on the same
 * file: the whole copy timed from the call to the promise, on a warm page cache, with the
 * allocation per chunk beside it (the thread's allocated bytes over the chunks). Both sides run
 * the same protocol: WARMUP untimed-for-the-summary copies (printed with {@code "warmup":true}),
 * then COPIES.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.PipelineBench SOURCE TARGET [COPIES] [WARMUP]};
 * prints one JSON line per copy.
 */
public final class PipelineBench {

    private PipelineBench() {
    }

    /**
     * Runs the rounds.
     *
     * @param args the source file (made with 200 MiB of random bytes if missing), the target, copies, warm-up copies
     * @throws Exception if a file operation fails
     */
    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        int copies = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        if (!Files.exists(source)) {
            byte[] block = new byte[1 << 20];
            new Random(1).nextBytes(block);
            try (var out = Files.newOutputStream(source)) {
                for (int i = 0; i < 200; i++) {
                    out.write(block);
                }
            }
        }
        long size = Files.size(source);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int copy = 0; copy < warmup + copies; copy++) {
            long[] nanos = new long[1];
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            try (Io io = Io.create()) {
                io.loop().run(() -> {
                    long start = System.nanoTime();
                    Streams.pipeline(io.fs().createReadStream(source), io.fs().createWriteStream(target))
                            .thenAccept(v -> nanos[0] = System.nanoTime() - start);
                });
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            long chunks = (size + 65_535) / 65_536;
            System.out.printf(Locale.ROOT, "{\"side\":\"loop\",\"case\":\"pipeline-200MiB\",\"warmup\":%b,\"mib_per_s\":%.1f,"
                    + "\"alloc_bytes_per_chunk\":%d}%n", copy < warmup, size / 1048576.0 / (nanos[0] / 1e9), allocated / chunks);
        }
    }
}
