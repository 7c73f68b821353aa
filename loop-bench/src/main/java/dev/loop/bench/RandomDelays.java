package dev.loop.bench;

import java.util.Random;

/**
 * The timer workload: delays uniform on 0..1000 ms from {@code java.util.Random} with a fixed
 * seed, so every contestant, and {@code bench/node/timers.js} (which reimplements
 * {@code java.util.Random}), schedules the same sequence.
 */
final class RandomDelays {

    /** The seed every timer benchmark uses. */
    static final long SEED = 42;
    /** The largest delay, in milliseconds. */
    static final int MAX_MILLIS = 1000;

    private RandomDelays() {
    }

    /**
     * The first {@code count} delays of the sequence.
     *
     * @param count how many
     * @return delays in milliseconds, 0..{@link #MAX_MILLIS}
     */
    static long[] millis(int count) {
        Random random = new Random(SEED);
        long[] delays = new long[count];
        for (int i = 0; i < count; i++) {
            delays[i] = random.nextInt(MAX_MILLIS + 1);
        }
        return delays;
    }
}
