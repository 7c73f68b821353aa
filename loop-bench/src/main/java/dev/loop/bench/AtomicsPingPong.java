package dev.loop.bench;

import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;

/**
 * The Atomics ping-pong that WorkerBench runs between threads and ProcessBench between processes:
 * the same two halves, so both measure the same work.
 */
final class AtomicsPingPong {

    private AtomicsPingPong() {
    }

    /** The measuring half: stores 1, notifies, waits for the answer; each round trip's nanoseconds into {@code rtt}. */
    static void ping(Int32Array turn, long[] rtt) {
        for (int i = 0; i < rtt.length; i++) {
            long start = System.nanoTime();
            Atomics.store(turn, 0, 1);
            Atomics.notify(turn, 0, 1);
            while (Atomics.load(turn, 0) == 1) {
                Atomics.wait(turn, 0, 1);
            }
            rtt[i] = System.nanoTime() - start;
        }
    }

    /** The answering half: waits for 1, answers 0, {@code rounds} times. */
    static void pong(Int32Array turn, int rounds) {
        for (int i = 0; i < rounds; i++) {
            while (Atomics.load(turn, 0) == 0) { // a notify is not tied to a value: check it
                Atomics.wait(turn, 0, 0);
            }
            Atomics.store(turn, 0, 0);
            Atomics.notify(turn, 0, 1);
        }
    }
}
