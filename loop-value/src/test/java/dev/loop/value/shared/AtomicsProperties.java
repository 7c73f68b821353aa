package dev.loop.value.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Concurrency properties of Atomics: threads racing on one element lose no update. Each thread
 * applies its own list of operations; add, sub and xor commute, so the final value is known
 * exactly, and a compareExchange loop must count every increment.
 */
class AtomicsProperties {

    @Property(tries = 40)
    void racingAddsSubsAndXorsLoseNoUpdate(@ForAll @Size(min = 2, max = 4) List<@Size(max = 200) List<@IntRange(min = -1000, max = 1000) Integer>> perThread)
            throws Exception {
        SharedBuffer buffer = SharedBuffer.allocate(16);
        Int32Array sums = buffer.int32();
        Int64Array xors = buffer.int64(8, 1);
        int expectedSum = 0;
        long expectedXor = 0;
        for (List<Integer> ops : perThread) {
            for (int v : ops) {
                expectedSum += v;
                expectedXor ^= (long) v << 20;
            }
        }
        race(perThread.size(), t -> {
            for (int v : perThread.get(t)) {
                if (v % 2 == 0) {
                    Atomics.add(sums, 0, v);
                } else {
                    Atomics.sub(sums, 0, -v);
                }
                Atomics.xor(xors, 0, (long) v << 20);
            }
        });
        assertEquals(expectedSum, Atomics.load(sums, 0));
        assertEquals(expectedXor, Atomics.load(xors, 0));
    }

    @Property(tries = 20)
    void compareExchangeLoopsCountEveryIncrement(@ForAll @IntRange(min = 2, max = 4) int threads,
            @ForAll @IntRange(min = 1, max = 5000) int each) throws Exception {
        Int32Array counter = SharedBuffer.allocate(4).int32();
        race(threads, t -> {
            for (int i = 0; i < each; i++) {
                int seen;
                do {
                    seen = Atomics.load(counter, 0);
                } while (Atomics.compareExchange(counter, 0, seen, seen + 1) != seen);
            }
        });
        assertEquals(threads * each, Atomics.load(counter, 0));
    }

    interface Body {
        void run(int thread) throws Exception;
    }

    private static void race(int threads, Body body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> started = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    body.run(id);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread thread : started) {
            thread.join();
        }
        assertEquals(List.of(), failures);
    }
}
