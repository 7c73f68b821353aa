package dev.loop.it.backend;

/** What the tests read of the tally backend. */
public final class Tally {

    private Tally() {
    }

    /**
     * Polls served by tally backends so far, in this JVM.
     *
     * @return the count
     */
    public static long polls() {
        return TallyBackend.POLLS.get();
    }
}
