package dev.loop.bench;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import dev.loop.value.ArrayBuffer;
import dev.loop.workers.Worker;
import dev.loop.workers.WorkerOptions;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.SpscUnboundedAtomicArrayQueue;

/**
 * Workers against {@code bench/node/workers.js} and against the floor, the same workloads on both
 * sides. Each case prints one JSON line; {@code bench/workers.sh} runs them side by side.
 *
 * <ul>
 *   <li>{@code ping-pong}: main posts a small record to a worker, which posts it back; round-trip
 *       p50/p99. Target: p50 at most 0.5x Node's.</li>
 *   <li>{@code throughput}: a worker posts small records to main as fast as it can; messages per
 *       second received. Target: at least 10x Node's.</li>
 *   <li>{@code atomics}: main and a worker hand a turn back and forth with Atomics.wait/notify;
 *       round-trip p50/p99. Target: p50 at most 0.6x Node's.</li>
 *   <li>{@code buffer-transfer} and {@code buffer-clone}: a 1 MiB ArrayBuffer goes to a worker and
 *       back, moved or copied both ways; round-trip p50/p99.</li>
 *   <li>{@code floor-ping-pong}, {@code floor-throughput}: two bare threads, a JCTools SPSC queue
 *       each way and park/unpark when a queue is empty; what any hand-off between Java threads
 *       costs at least.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.WorkerBench --case NAME [--rounds N]}.
 */
public final class WorkerBench {

    /**
     * The small message of ping-pong and throughput (Node: {@code {seq, text}}). A deeply immutable
     * record is shared between threads by reference, where Node copies its object: the
     * {@code -copied} cases send a {@code Map} instead, which is copied as Node's is.
     */
    public record Item(int seq, String text) {
    }

    /** Whether this run's messages are copied maps ({@code -copied} cases) rather than shared records. */
    private static boolean copied;

    /** A message: an {@link Item}, or with {@link #copied} a new {@code {seq, text}} map, built per message as Node builds its object. */
    static Object message(int seq, String text) {
        if (!copied) {
            return new Item(seq, text);
        }
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("seq", seq);
        map.put("text", text);
        return map;
    }

    private static boolean isMessage(Object m) {
        return m instanceof Item || m instanceof java.util.Map;
    }

    /** The main loop spins briefly before sleeping, as worker loops do by default (LoopOptions). */
    private static final LoopOptions MAIN_LOOP = LoopOptions.defaults().withSpinBeforeSleep(true);

    private WorkerBench() {
    }

    /**
     * Runs one case and prints its JSON line.
     *
     * @param args {@code --case NAME [--rounds N]}
     * @throws Exception if the case fails
     */
    public static void main(String[] args) throws Exception {
        String name = null;
        int rounds = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--case" -> name = args[i + 1];
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --case NAME --rounds N");
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("--case ping-pong|throughput|ping-pong-copied|throughput-copied|atomics"
                    + "|buffer-transfer|buffer-clone|floor-ping-pong|floor-throughput");
        }
        String label = name;
        copied = name.endsWith("-copied");
        if (copied) {
            name = name.substring(0, name.length() - "-copied".length());
        }
        long cpuBefore = processCpuNanos();
        String line = switch (name) {
            case "ping-pong" -> latency(name, pingPong(or(rounds, 200_000)));
            case "throughput" -> rate(name, throughput(or(rounds, 2_000_000)));
            case "atomics" -> latency(name, atomics(or(rounds, 200_000)));
            case "buffer-transfer" -> latency(name, buffer(or(rounds, 5_000), true));
            case "buffer-clone" -> latency(name, buffer(or(rounds, 5_000), false));
            case "floor-ping-pong" -> latency(name, floorPingPong(or(rounds, 200_000)));
            case "floor-throughput" -> rate(name, floorThroughput(or(rounds, 2_000_000)));
            default -> throw new IllegalArgumentException("unknown case " + name);
        };
        // The process's CPU per operation beside the latency: a spinning side's cost shows here.
        int operations = name.contains("throughput") ? 2 * or(rounds, 2_000_000) // a warm-up half and a timed half
                : or(rounds, name.startsWith("buffer") ? 5_000 : 200_000);
        double cpuMicrosPerOp = (processCpuNanos() - cpuBefore) / 1e3 / operations;
        line = line.replace("\"case\":\"" + name + "\"", "\"case\":\"" + label + "\"")
                .replace("}", String.format(Locale.ROOT, ",\"cpu_us_per_op\":%.3f}", cpuMicrosPerOp));
        System.out.println(line);
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static int or(int value, int otherwise) {
        return value > 0 ? value : otherwise;
    }

    /** Round trips, in nanoseconds each; the first fifth is warm-up and dropped. */
    private static long[] pingPong(int rounds) {
        long[] rtt = new long[rounds];
        EventLoop loop = EventLoop.create(MAIN_LOOP);
        loop.run(() -> {
            Worker worker = Worker.start(w -> w.parentPort().onMessage(m -> {
                if (isMessage(m)) {
                    w.parentPort().postMessage(m);
                } else {
                    w.parentPort().close();
                }
            }));
            int[] i = {0};
            long[] sent = {System.nanoTime()};
            worker.onMessage(m -> {
                long now = System.nanoTime();
                rtt[i[0]++] = now - sent[0];
                if (i[0] == rounds) {
                    worker.postMessage("stop");
                    return;
                }
                sent[0] = System.nanoTime();
                worker.postMessage(message(i[0], "ping"));
            });
            worker.postMessage(message(0, "ping"));
        });
        loop.close();
        return Arrays.copyOfRange(rtt, rounds / 5, rounds);
    }

    /**
     * Messages per second received by main, timed from the first message after a warm-up of the
     * same size (Node's script does the same).
     */
    private static double throughput(int messages) {
        EventLoop loop = EventLoop.create(MAIN_LOOP);
        double[] rate = new double[1];
        loop.run(() -> {
            long[] start = new long[1];
            int[] received = {0};
            Worker worker = Worker.start(WorkerOptions.defaults().withWorkerData(messages), w -> {
                int n = (Integer) w.workerData();
                for (int i = 0; i < 2 * n; i++) {
                    w.parentPort().postMessage(message(i, "item"));
                }
            });
            worker.onMessage(m -> {
                if (++received[0] == messages) {
                    start[0] = System.nanoTime();
                } else if (received[0] == 2 * messages) {
                    rate[0] = (messages - 1) / ((System.nanoTime() - start[0]) / 1e9);
                }
            });
        });
        loop.close();
        return rate[0];
    }

    /** Round trips through Atomics.wait/notify between main (blocking on its loop thread) and a worker. */
    private static long[] atomics(int rounds) {
        SharedBuffer shared = SharedBuffer.allocate(8);
        Int32Array turn = shared.int32();
        long[] rtt = new long[rounds];
        EventLoop loop = EventLoop.create(MAIN_LOOP);
        loop.run(() -> {
            Worker.start(WorkerOptions.defaults().withWorkerData(List.of(shared, rounds)), w -> {
                List<?> data = (List<?>) w.workerData();
                Int32Array t = ((SharedBuffer) data.get(0)).int32();
                int n = (Integer) data.get(1);
                AtomicsPingPong.pong(t, n);
            });
            AtomicsPingPong.ping(turn, rtt);
        });
        loop.close();
        return Arrays.copyOfRange(rtt, rounds / 5, rounds);
    }

    /** Round trips of a 1 MiB ArrayBuffer, moved or copied both ways. */
    private static long[] buffer(int rounds, boolean transfer) {
        long[] rtt = new long[rounds];
        EventLoop loop = EventLoop.create(MAIN_LOOP);
        loop.run(() -> {
            Worker worker = Worker.start(WorkerOptions.defaults().withWorkerData(transfer), w -> {
                boolean move = (Boolean) w.workerData();
                w.parentPort().onMessage(m -> {
                    if (m instanceof ArrayBuffer b) {
                        w.parentPort().postMessage(b, move ? List.of(b) : List.of());
                    } else {
                        w.parentPort().close();
                    }
                });
            });
            int[] i = {0};
            long[] sent = new long[1];
            worker.onMessage(m -> {
                rtt[i[0]++] = System.nanoTime() - sent[0];
                if (i[0] == rounds) {
                    worker.postMessage("stop");
                    return;
                }
                ArrayBuffer b = (ArrayBuffer) m;
                sent[0] = System.nanoTime();
                worker.postMessage(b, transfer ? List.of(b) : List.of());
            });
            ArrayBuffer first = ArrayBuffer.allocate(1 << 20);
            sent[0] = System.nanoTime();
            worker.postMessage(first, transfer ? List.of(first) : List.of());
        });
        loop.close();
        return Arrays.copyOfRange(rtt, rounds / 5, rounds);
    }

    /** A bare thread that takes from an SPSC queue and parks when it is empty. */
    private static final class Mailbox {
        final SpscUnboundedAtomicArrayQueue<Object> queue = new SpscUnboundedAtomicArrayQueue<>(1024);
        volatile Thread parked;

        void put(Object item) {
            queue.offer(item);
            // Dekker: offer, fence, read parked; take() writes parked (volatile), then polls again.
            // Without the fence the offer's ordered store may pass the load, and a wake-up is lost.
            VarHandle.fullFence();
            Thread t = parked;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        Object take() {
            Object item = queue.poll();
            while (item == null) {
                parked = Thread.currentThread();
                item = queue.poll();
                if (item == null) {
                    LockSupport.park(this);
                    item = queue.poll();
                }
                parked = null;
            }
            return item;
        }
    }

    private static long[] floorPingPong(int rounds) throws InterruptedException {
        Mailbox toPartner = new Mailbox();
        Mailbox toMain = new Mailbox();
        Thread partner = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < rounds; i++) {
                toMain.put(toPartner.take());
            }
        });
        long[] rtt = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            toPartner.put(new Item(i, "ping"));
            toMain.take();
            rtt[i] = System.nanoTime() - start;
        }
        partner.join();
        return Arrays.copyOfRange(rtt, rounds / 5, rounds);
    }

    private static double floorThroughput(int messages) throws InterruptedException {
        Mailbox toMain = new Mailbox();
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 2 * messages; i++) {
                toMain.put(new Item(i, "item"));
            }
        });
        for (int i = 0; i < messages; i++) {
            toMain.take(); // warm-up
        }
        long start = System.nanoTime();
        for (int i = 1; i < messages; i++) {
            toMain.take();
        }
        double rate = (messages - 1) / ((System.nanoTime() - start) / 1e9);
        producer.join();
        return rate;
    }

    private static String latency(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "{\"side\":\"loop\",\"case\":\"%s\",\"p50_us\":%.2f,\"p99_us\":%.2f,\"n\":%d}",
                name, sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3, sorted.length);
    }

    private static String rate(String name, double perSecond) {
        return String.format(Locale.ROOT, "{\"side\":\"loop\",\"case\":\"%s\",\"msgs_per_s\":%.0f}", name, perSecond);
    }
}
