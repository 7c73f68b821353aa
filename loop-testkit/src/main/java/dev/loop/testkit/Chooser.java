package dev.loop.testkit;

import java.util.SplittableRandom;

/**
 * The one source of every choice the real world leaves open in a test: when a submission from
 * another thread arrives, when work offloaded to another thread completes, and in which order
 * several of them do (later also which I/O completes first). A chooser is a pure function of its seed, so a run that failed
 * replays exactly from the seed it prints.
 *
 * <p>{@link #fromSystemPropertyOrRandom()} reads the seed from the system property
 * {@value #SEED_PROPERTY} when it is set, so {@code -Dloop.testkit.seed=...} replays a failure
 * without touching the test.
 *
 * <p><b>Thread safety:</b> not thread-safe; it belongs to the test thread of one test loop.
 */
public final class Chooser {

    /** The system property that fixes the seed: {@value}. */
    public static final String SEED_PROPERTY = "loop.testkit.seed";

    /** A submission from another thread arrives at most this many virtual milliseconds later. */
    public static final int MAX_ARRIVAL_DELAY_MILLIS = 3;

    private final long seed;
    private final SplittableRandom random;

    private Chooser(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /**
     * A chooser that makes the choices of {@code seed}.
     *
     * @param seed the seed
     * @return the chooser
     */
    public static Chooser seeded(long seed) {
        return new Chooser(seed);
    }

    /**
     * A chooser seeded from the system property {@value #SEED_PROPERTY}, or from a fresh random
     * seed when it is not set.
     *
     * @return the chooser
     * @throws IllegalArgumentException if the property is set but is not a {@code long}
     */
    public static Chooser fromSystemPropertyOrRandom() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed == null || fixed.isBlank()) {
            return new Chooser(new SplittableRandom().nextLong());
        }
        try {
            return new Chooser(Long.parseLong(fixed.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + "=" + fixed
                    + " is not a seed; pass the number a failed run printed, e.g. -D" + SEED_PROPERTY + "=-4215305217354271493", e);
        }
    }

    /**
     * The seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * How to replay this chooser's choices, for failure messages.
     *
     * @return a sentence naming the seed and the system property
     */
    public String replayHint() {
        return "test loop seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")";
    }

    /**
     * A choice among {@code bound} possibilities.
     *
     * @param bound how many possibilities, at least 1
     * @return a number in {@code [0, bound)}
     */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /**
     * When a submission from another thread arrives, and its rank among submissions that arrive at
     * the same time (lower first). Takes exactly two choices, so models can follow along.
     *
     * @return the arrival
     */
    public Arrival nextArrival() {
        int delay = random.nextInt(MAX_ARRIVAL_DELAY_MILLIS + 1);
        int rank = random.nextInt(Integer.MAX_VALUE);
        return new Arrival(delay, rank);
    }

    /**
     * A chosen arrival.
     *
     * @param delayMillis virtual milliseconds after the submission, {@code 0..MAX_ARRIVAL_DELAY_MILLIS}
     * @param rank order among arrivals due at the same time; ties go to the earlier submission
     */
    public record Arrival(int delayMillis, int rank) { }
}
