package dev.loop.process;

import java.time.Duration;
import java.util.Objects;

/**
 * When a forked child that crashed is started again by itself ({@link ForkOptions#withRestart}):
 * after each crash, a wait that doubles from {@code initialBackoff} up to {@code maxBackoff}, then
 * {@link ChildProcess#respawn()}, at most {@code maxRestarts} times in a row. A crash is an exit by
 * a signal or with a code other than 0 that the parent did not ask for (by {@code kill} or
 * {@code disconnect}). A child that ran at least {@code resetAfter} before it crashed starts the
 * count again.
 *
 * <pre>{@code
 * ForkOptions.of(Job.class).withRestart(RestartPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(10)))
 * }</pre>
 *
 * @param maxRestarts how many restarts in a row at most
 * @param initialBackoff the wait before the first restart
 * @param maxBackoff the longest wait
 * @param resetAfter how long a child must run for its crash to start the count of restarts in a
 *     row again (a JVM takes a few hundred milliseconds just to start)
 */
public record RestartPolicy(int maxRestarts, Duration initialBackoff, Duration maxBackoff, Duration resetAfter) {

    /** Checks the parts. */
    public RestartPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(resetAfter, "resetAfter");
        if (resetAfter.isNegative() || resetAfter.isZero()) {
            throw new IllegalArgumentException("resetAfter must be positive (a child that ran that long starts the count of"
                    + " restarts again): " + resetAfter);
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative: " + maxRestarts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must be 0 <= initialBackoff <= maxBackoff; got " + initialBackoff
                    + " and " + maxBackoff);
        }
    }

    /**
     * Restarts with a doubling backoff, at most 10 times in a row; a child that ran a minute
     * starts the count again.
     *
     * @param initialBackoff the wait before the first restart
     * @param maxBackoff the longest wait
     * @return the policy
     */
    public static RestartPolicy backoff(Duration initialBackoff, Duration maxBackoff) {
        return new RestartPolicy(10, initialBackoff, maxBackoff, Duration.ofMinutes(1));
    }

    /**
     * This policy with another limit of restarts in a row.
     *
     * @param restarts the limit
     * @return the copy
     */
    public RestartPolicy withMaxRestarts(int restarts) {
        return new RestartPolicy(restarts, initialBackoff, maxBackoff, resetAfter);
    }

    /** The wait before restart number {@code restart} (from 0). */
    Duration backoff(int restart) {
        Duration wait = initialBackoff;
        for (int i = 0; i < restart && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
