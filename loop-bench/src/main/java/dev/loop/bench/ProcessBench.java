package dev.loop.bench;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import dev.loop.process.ChildContext;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.ForkPool;
import dev.loop.process.ParentPort;
import dev.loop.process.Processes;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forked children and their channel, one case per run, one JSON line each; bench/node/process.js
 * runs the same cases on Node's {@code child_process.fork} (bench/process.sh runs both, alternating).
 * Every message is a copied structured value on both sides: here {@code dev.loop.value}'s encoding
 * through shared memory, in Node JSON through a pipe.
 *
 * <ul>
 *   <li>{@code startup}: from {@code fork} to the child's first message, 10 forks, median;</li>
 *   <li>{@code startup-aot}: the same with {@code ForkOptions.withAotCache(true)}, measured after a
 *       first round of 10 forks during which the cache was trained;</li>
 *   <li>{@code pool-startup}: from {@code ForkPool.fork()} (a warm child) to its answer to a first
 *       message, 10 hand-outs, median (Node's counterpart is its {@code startup});</li>
 *   <li>{@code pool-idle}: a warm pool of 4 left idle for 5 s, each child's CPU as a share of a
 *       core (the most and the median);</li>
 *   <li>{@code rtt}: ping-pong of a 64-byte value with a child that echoes, busy: the next ping
 *       leaves when the pong arrives; p50 and p99 of 100,000 after 20,000 of warm-up;</li>
 *   <li>{@code idle-rtt}: after the same busy warm-up, one ping every 10 ms (each from idle), 300
 *       of them, with the child's CPU time over that window as a share of one core;</li>
 *   <li>{@code throughput}: the child sends 1,000,000 values of about 64 bytes as fast as its
 *       channel takes them (respecting back pressure); messages per second at the parent.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.ProcessBench --case rtt --transport ring}
 * (with Chronicle's flags in the JVM for {@code --transport chronicle}).
 */
public final class ProcessBench {

    /** About 64 bytes as JSON, as Node sends it: {"seq":123456,"text":"abcdefghijklmnopqrstuvwxyz01","ok":true}. */
    static Map<String, Object> value(int seq) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("seq", seq);
        value.put("text", "abcdefghijklmnopqrstuvwxyz01");
        value.put("ok", true);
        return value;
    }

    private ProcessBench() {
    }

    /** The child: echoes, or streams, as the parent's first message says. */
    public static final class Child {
        private Child() {
        }

        /**
         * Runs the child's side.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            try (EventLoop loop = EventLoop.create()) {
                loop.run(() -> {
                    ParentPort parent = ChildContext.parentPort();
                    parent.send("ready");
                    parent.onMessage(message -> {
                        if (message instanceof String command && command.startsWith("stream ")) {
                            stream(parent, Integer.parseInt(command.substring(7)));
                        } else if (message instanceof List<?> pong && pong.getFirst() instanceof SharedBuffer shared) {
                            Thread.ofPlatform().name("pong").start(() -> AtomicsPingPong.pong(shared.int32(), (Integer) pong.get(1)));
                        } else {
                            parent.send(message);
                        }
                    });
                });
            }
        }

        private static void stream(ParentPort parent, int count) {
            int[] next = {0};
            Runnable pump = new Runnable() {
                @Override
                public void run() {
                    while (next[0] < count) {
                        if (!parent.send(value(next[0]++))) {
                            parent.once(ParentPort.DRAIN, this); // Node's once('drain')
                            return;
                        }
                    }
                }
            };
            pump.run();
        }
    }

    /**
     * Runs one case.
     *
     * @param args {@code --case startup|rtt|idle-rtt|throughput --transport ring|chronicle}
     */
    public static void main(String[] args) {
        String name = option(args, "--case", "rtt");
        String transport = option(args, "--transport", "ring");
        ForkOptions options = ForkOptions.of(Child.class.getName()).withTransport(transport);
        String childJvmArgs = option(args, "--child-jvm-args", "");
        if (!childJvmArgs.isBlank()) {
            options = options.withJvmArgs(childJvmArgs.split(" "));
        }
        String result = switch (name) {
            case "startup" -> startup(options);
            case "startup-aot" -> {
                startup(options.withAotCache(true)); // the first fork trains the cache meanwhile
                yield startup(options.withAotCache(true));
            }
            case "pool-startup" -> poolStartup(options);
            case "pool-idle" -> poolIdle(options);
            case "rtt" -> rtt(options, false);
            case "idle-rtt" -> rtt(options, true);
            case "throughput" -> throughput(options);
            case "atomics" -> atomics(options);
            default -> throw new IllegalArgumentException("unknown case " + name);
        };
        System.out.println("{\"side\":\"loop-" + transport + "\",\"case\":\"" + name + "\"," + result + "}");
    }

    private static String startup(ForkOptions options) {
        long[] millis = new long[10];
        try (EventLoop loop = EventLoop.create()) {
            for (int i = 0; i < millis.length; i++) {
                int run = i;
                loop.run(() -> {
                    long start = System.nanoTime();
                    ChildProcess child = Processes.fork(options);
                    child.onMessage(ready -> {
                        millis[run] = (System.nanoTime() - start) / 1_000_000;
                        child.disconnect();
                    });
                });
            }
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "\"median_ms\":%d,\"min_ms\":%d,\"max_ms\":%d", sorted[sorted.length / 2],
                sorted[0], sorted[sorted.length - 1]);
    }

    /**
     * From {@code pool.fork()} to the child's answer to a first message sent at once: the child's
     * JVM is up, so this is a hand-out and a round trip from idle. The pool is warm again before
     * each of the 10 runs.
     */
    private static String poolStartup(ForkOptions options) {
        long[] micros = new long[10];
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ForkPool pool = ForkPool.create(options, 1);
                int[] run = {0};
                Timeout[] check = new Timeout[1];
                check[0] = loop.setInterval(() -> {
                    if (pool.warm() < 1) {
                        return;
                    }
                    check[0].unref(); // paused while this run's child answers
                    long start = System.nanoTime();
                    ChildProcess child = pool.fork();
                    child.onMessage(message -> {
                        if ("ping".equals(message)) {
                            micros[run[0]] = (System.nanoTime() - start) / 1_000;
                            child.disconnect();
                            if (++run[0] == micros.length) {
                                check[0].close();
                                pool.close();
                            } else {
                                check[0].ref();
                            }
                        }
                    });
                    child.send("ping");
                }, 20);
            });
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "\"median_ms\":%.3f,\"min_ms\":%.3f,\"max_ms\":%.3f", sorted[sorted.length / 2] / 1e3,
                sorted[0] / 1e3, sorted[sorted.length - 1] / 1e3);
    }

    /** A warm pool of 4 children left idle for 5 s: each child's CPU time as a share of one core. */
    private static String poolIdle(ForkOptions options) {
        double[] perChild = new double[4];
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ForkPool pool = ForkPool.create(options, perChild.length);
                Timeout[] check = new Timeout[1];
                check[0] = loop.setInterval(() -> {
                    if (pool.warm() < perChild.length) {
                        return;
                    }
                    check[0].close();
                    List<Long> pids = pool.pids();
                    long[] before = pids.stream().mapToLong(ProcessBench::cpuNanos).toArray();
                    long wall = System.nanoTime();
                    loop.setTimeout(() -> {
                        long elapsed = System.nanoTime() - wall;
                        for (int i = 0; i < perChild.length; i++) {
                            perChild[i] = (double) (cpuNanos(pids.get(i)) - before[i]) / elapsed * 100;
                        }
                        pool.close();
                    }, 5_000);
                }, 20);
            });
        }
        double[] sorted = perChild.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "\"max_child_cpu_pct\":%.2f,\"median_child_cpu_pct\":%.2f", sorted[sorted.length - 1],
                (sorted[1] + sorted[2]) / 2);
    }

    private static String rtt(ForkOptions options, boolean fromIdle) {
        int warmup = 20_000; // busy either way, so that the idle case measures a warm JIT, not a cold one
        int measured = fromIdle ? 300 : 100_000;
        long[] samples = new long[measured];
        double[] childCpu = {0};
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ChildProcess child = Processes.fork(options);
                int[] done = {-warmup};
                long[] sent = {0};
                long[] cpuStart = {0};
                long[] wallStart = {0};
                Timeout[] ticker = new Timeout[1];
                Runnable ping = () -> {
                    sent[0] = System.nanoTime();
                    child.send(value(done[0]));
                };
                child.onMessage(message -> {
                    if ("ready".equals(message)) {
                        ping.run();
                        return;
                    }
                    long rtt = System.nanoTime() - sent[0];
                    if (done[0] >= 0) {
                        samples[done[0]] = rtt;
                    }
                    done[0]++;
                    if (done[0] == 0 && fromIdle) {
                        // Warm: from now on one ping every 10 ms, each from idle.
                        ticker[0] = loop.setInterval(ping, 10);
                        loop.setTimeout(() -> {
                            cpuStart[0] = cpuNanos(child);
                            wallStart[0] = System.nanoTime();
                        }, 5);
                        return;
                    }
                    if (done[0] == measured) {
                        childCpu[0] = (double) (cpuNanos(child) - cpuStart[0]) / (System.nanoTime() - wallStart[0]);
                        if (ticker[0] != null) {
                            ticker[0].close();
                        }
                        child.disconnect();
                    } else if (!fromIdle || done[0] < 0) {
                        ping.run(); // the next at once: busy, or warming up
                    }
                });
            });
        }
        Arrays.sort(samples);
        return String.format(Locale.ROOT, "\"p50_us\":%.2f,\"p99_us\":%.2f,\"n\":%d%s", samples[measured / 2] / 1e3,
                samples[measured * 99 / 100] / 1e3, measured,
                fromIdle ? String.format(Locale.ROOT, ",\"child_cpu_pct\":%.2f", childCpu[0] * 100) : "");
    }

    /**
     * The Atomics ping-pong of {@code WorkerBench --case atomics}, with the other side in a forked
     * child: a file-backed SharedBuffer sent to it, a store and notify, a wait for the answer.
     * Round trips in microseconds; the first fifth is warm-up.
     */
    private static String atomics(ForkOptions options) {
        int rounds = 200_000;
        long[] rtt = new long[rounds];
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                SharedBuffer shared = Processes.sharedBuffer(8);
                Int32Array turn = shared.int32();
                ChildProcess child = Processes.fork(options);
                child.onMessage(ready -> {
                    child.send(List.of(shared, rounds));
                    AtomicsPingPong.ping(turn, rtt); // blocks this loop: nothing else runs on it meanwhile
                    child.disconnect();
                });
            });
        }
        long[] samples = Arrays.copyOfRange(rtt, rounds / 5, rounds);
        Arrays.sort(samples);
        return String.format(Locale.ROOT, "\"p50_us\":%.2f,\"p99_us\":%.2f,\"n\":%d", samples[samples.length / 2] / 1e3,
                samples[samples.length * 99 / 100] / 1e3, samples.length);
    }

    private static long cpuNanos(ChildProcess child) {
        return cpuNanos(child.pid());
    }

    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    private static String throughput(ForkOptions options) {
        int count = 1_000_000;
        long[] elapsed = {0};
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ChildProcess child = Processes.fork(options);
                int[] received = {0};
                long[] start = {0};
                child.onMessage(message -> {
                    if ("ready".equals(message)) {
                        start[0] = System.nanoTime();
                        child.send("stream " + count);
                        return;
                    }
                    if (++received[0] == count) {
                        elapsed[0] = System.nanoTime() - start[0];
                        child.disconnect();
                    }
                });
            });
        }
        return String.format(Locale.ROOT, "\"msgs_per_s\":%.0f,\"n\":%d", count / (elapsed[0] / 1e9), count);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
