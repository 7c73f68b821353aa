package dev.loop.workers;

import java.util.SplittableRandom;

/**
 * Runs a randomized stress round many times from one printed seed, and checks afterwards that no
 * thread was left behind. A failure names the seed, the round and that round's choices.
 */
final class SeededRounds {

    /** One round: draws its choices from {@code random}, describes them, then runs. */
    interface Round {
        void run(SplittableRandom random, StringBuilder choices) throws Exception;
    }

    private SeededRounds() {
    }

    static void run(int rounds, Round round) throws Exception {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        Threads threads = Threads.baseline();
        for (int i = 0; i < rounds; i++) {
            StringBuilder choices = new StringBuilder();
            try {
                round.run(random, choices);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", round " + i + " (" + choices + ")", e);
            }
        }
        threads.assertNoneLeft();
    }
}
