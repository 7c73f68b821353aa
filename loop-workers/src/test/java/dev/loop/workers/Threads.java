package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;

/** The live-thread baseline that every worker test returns to. */
final class Threads {

    private final Set<String> before = names();

    private Threads() {
    }

    static Threads baseline() {
        return new Threads();
    }

    /** Every thread started since the baseline has ended (a worker's exit event joins its thread). */
    void assertNoneLeft() {
        Set<String> now = names();
        now.removeAll(before);
        assertEquals(Set.of(), now, "threads left behind");
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.getName().startsWith("junit-timeout-thread")) { // JUnit's own, pooled
                names.add(t.getName() + "#" + t.threadId());
            }
        }
        return names;
    }
}
