package dev.loop.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Phase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seed decides what the real world leaves open, and a failed run replays from it. */
class SeedTest {

    /** Ten submissions from other threads: the order and virtual times at which they arrive. */
    private static List<String> arrivals(long seed) {
        List<String> log = new ArrayList<>();
        try (TestLoop test = TestLoop.create(seed)) {
            EventLoop loop = test.loop();
            test.run(() -> {
                for (int i = 0; i < 10; i++) {
                    String name = "x" + i;
                    test.executeFromOtherThread(() -> {
                        assertTrue(loop.inLoop());
                        assertEquals(Phase.POLL, loop.phase());
                        log.add(name + "@" + loop.now());
                    });
                }
            });
        }
        return log;
    }

    @Test
    void theSameSeedReplaysTheSameArrivals() {
        List<String> first = arrivals(7);
        assertEquals(10, first.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(first, arrivals(7));
        }
    }

    @Test
    void differentSeedsChooseDifferentArrivals() {
        Set<List<String>> seen = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            seen.add(arrivals(seed));
        }
        assertTrue(seen.size() > 10, "20 seeds gave only " + seen.size() + " different arrival orders");
    }

    /** Eight pieces of offloaded work: the order in which their promises settle, and when. */
    private static List<String> completions(long seed) {
        List<String> log = new ArrayList<>();
        try (TestLoop test = TestLoop.create(seed)) {
            EventLoop loop = test.loop();
            test.run(() -> {
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    test.offload(() -> {
                        assertTrue(!loop.inLoop(), "offloaded work runs on another thread");
                        if (n == 3) {
                            throw new IllegalStateException("w3 failed");
                        }
                        return "w" + n;
                    }).then(value -> log.add(value + "@" + loop.now()), error -> log.add(error.getMessage() + "@" + loop.now()));
                }
            });
        }
        return log;
    }

    @Test
    void offloadedWorkCompletesInTheOrderTheSeedChoosesAndReplays() {
        List<String> first = completions(11);
        assertEquals(8, first.size());
        assertTrue(first.stream().anyMatch(line -> line.startsWith("w3 failed@")), first.toString());
        assertEquals(first, completions(11));
        Set<List<String>> seen = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            seen.add(completions(seed));
        }
        assertTrue(seen.size() > 10, "20 seeds gave only " + seen.size() + " different completion orders");
    }

    @Test
    void aSubmissionInFlightKeepsTheLoopAliveUntilItArrives() {
        List<String> log = new ArrayList<>();
        try (TestLoop test = TestLoop.create(3)) {
            test.run(() -> test.executeFromOtherThread(() -> log.add("arrived")));
            assertEquals(List.of("arrived"), log);
            assertTrue(test.nowMillis() <= Chooser.MAX_ARRIVAL_DELAY_MILLIS);
        }
    }

    @Test
    void aFailedTestCarriesItsSeed() {
        long[] seed = new long[1];
        AssertionError failure = assertThrows(AssertionError.class, () -> TestLoop.replayable(test -> {
            seed[0] = test.seed();
            throw new AssertionError("scheduling bug");
        }));
        assertEquals(1, failure.getSuppressed().length);
        assertEquals("test loop seed " + seed[0] + " (replay with -Dloop.testkit.seed=" + seed[0] + ")",
                failure.getSuppressed()[0].getMessage());
    }

    @Test
    void theSeedPropertyFixesTheSeed() {
        String before = System.getProperty(Chooser.SEED_PROPERTY);
        System.setProperty(Chooser.SEED_PROPERTY, "-12345");
        try (TestLoop test = TestLoop.create()) {
            assertEquals(-12345, test.seed());
        } finally {
            if (before == null) {
                System.clearProperty(Chooser.SEED_PROPERTY);
            } else {
                System.setProperty(Chooser.SEED_PROPERTY, before);
            }
        }
        System.setProperty(Chooser.SEED_PROPERTY, "not a seed");
        try {
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, TestLoop::create);
            assertTrue(bad.getMessage().contains("-Dloop.testkit.seed="), bad.getMessage());
        } finally {
            System.clearProperty(Chooser.SEED_PROPERTY);
        }
        assertNotEquals(TestLoop.create().seed(), TestLoop.create().seed()); // random when unset
    }

    @Test
    void runRefusesToWaitForeverForAHandleNothingCanWake() {
        try (TestLoop test = TestLoop.create(1)) {
            IllegalStateException stuck = assertThrows(IllegalStateException.class, () -> test.run(() -> test.loop().keepAlive()));
            assertTrue(stuck.getMessage().contains("nothing could wake it"), stuck.getMessage());
        }
    }
}
