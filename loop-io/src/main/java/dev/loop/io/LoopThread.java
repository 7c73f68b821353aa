package dev.loop.io;

/**
 * The thread that owns a loop, for the checks of loop-thread-only methods: public methods throw
 * {@link IllegalStateException} off it, in the loop's own words, and internal ones
 * {@code assert isCurrent()}.
 *
 * <p><b>Thread safety:</b> immutable; any thread may call it.
 */
final class LoopThread {

    private final String loopName;
    private final Thread owner;

    LoopThread(String loopName, Thread owner) {
        this.loopName = loopName;
        this.owner = owner;
    }

    /** Whether the calling thread owns the loop. */
    boolean isCurrent() {
        return Thread.currentThread() == owner;
    }

    /**
     * Throws unless the calling thread owns the loop.
     *
     * @param type the class called, such as {@code Socket}
     * @param method the method called, such as {@code write}
     * @throws IllegalStateException naming the method, the loop and both threads
     */
    void check(String type, String method) {
        if (!isCurrent()) {
            throw new IllegalStateException(type + "." + method + " must be called on the thread that owns loop '" + loopName
                    + "' (" + owner.getName() + "), not on " + Thread.currentThread().getName()
                    + "; hand the work to the loop with loop.execute(...)");
        }
    }
}
