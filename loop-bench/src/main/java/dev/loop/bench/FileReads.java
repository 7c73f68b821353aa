package dev.loop.bench;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.io.Io;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * File reads through {@code Fs.readFile} on the NIO backend, the workloads of
 * {@code bench/node/file-reads.js}: one 100 MiB file, and 1000 files of 64 KiB read concurrently
 * (all started in one callback). Prints the median time of each as a JSON line. (Target: at least
 * 1.5x Node, i.e. at most 2/3 of Node's time.) Files are written first, so both sides read from the
 * page cache.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.FileReads [--warmup N] [--reps N] [--case NAME]}.
 * Run each case in a JVM of its own (bench/run.sh does): after the 100 MiB reads, G1's humongous
 * regions slowed the small reads that followed in the same JVM five-fold.
 */
public final class FileReads {

    private static final int BIG = 100 << 20;
    private static final int SMALL = 64 << 10;
    private static final int FILES = 1000;

    private FileReads() {
    }

    /**
     * Runs both workloads and prints their medians.
     *
     * @param args {@code --warmup N --reps N}
     * @throws IOException if the files cannot be written
     */
    public static void main(String[] args) throws IOException {
        int warmup = 3;
        int reps = 9;
        String only = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--cold" -> cold = Boolean.parseBoolean(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--case" -> only = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --warmup N --reps N --case readFile100MiB|concurrent1000x64KiB [--cold true]");
            }
        }
        Path dir = Files.createTempDirectory("loop-bench-files");
        try {
            Path big = dir.resolve("big.bin");
            byte[] bytes = new byte[BIG];
            new Random(1).nextBytes(bytes);
            Files.write(big, bytes);
            List<Path> small = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                Path file = dir.resolve("small-" + i + ".bin");
                Files.write(file, Arrays.copyOfRange(bytes, i * 1024, i * 1024 + SMALL));
                small.add(file);
            }
            try (Io io = Io.create()) {
                if (only == null || only.equals("readFile100MiB")) {
                    report(io, "readFile100MiB", measure(io, warmup, reps, () -> io.fs().readFile(big).thenAccept(data -> check(data.length, BIG))));
                }
                if (only == null || only.equals("concurrent1000x64KiB")) {
                    report(io, "concurrent1000x64KiB", measure(io, warmup, reps, () -> {
                        List<Promise<byte[]>> reads = new ArrayList<>(FILES);
                        for (Path file : small) {
                            reads.add(io.fs().readFile(file));
                        }
                        return Promise.all(io.loop(), reads).thenAccept(all -> check(all.size(), FILES));
                    }));
                }
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void check(int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException("read " + actual + ", expected " + expected);
        }
    }

    /**
     * With {@code --cold true}, each run starts with the page cache dropped (root only: it writes 3
     * to {@code /proc/sys/vm/drop_caches} after a sync), so the reads go to the device.
     */
    private static boolean cold;

    private static void dropCaches() {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("--cold needs root, to write /proc/sys/vm/drop_caches", e);
        }
    }

    /** Median milliseconds of one run of {@code workload} on the loop, until the loop is idle. */
    private static double measure(Io io, int warmup, int reps, java.util.function.Supplier<Promise<Void>> workload) {
        EventLoop loop = io.loop();
        double[] times = new double[reps];
        for (int i = -warmup; i < reps; i++) {
            if (cold) {
                dropCaches();
            }
            long start = System.nanoTime();
            loop.run(workload::get);
            double ms = (System.nanoTime() - start) / 1e6;
            if (i >= 0) {
                times[i] = ms;
            }
        }
        Arrays.sort(times);
        return times[reps / 2];
    }

    /** One line; the contestant is "loop" on the NIO backend, "loop-NAME" on another ({@code -Ddev.loop.io.backend}). */
    private static void report(Io io, String workload, double medianMillis) {
        String contestant = io.backend().equals("nio") ? "loop" : "loop-" + io.backend();
        System.out.println(String.format(Locale.ROOT, "{\"bench\":\"fileReads\",\"contestant\":\"%s\",\"case\":\"%s\",\"median_ms\":%.3f}",
                contestant, cold ? workload + "Cold" : workload, medianMillis));
    }
}
