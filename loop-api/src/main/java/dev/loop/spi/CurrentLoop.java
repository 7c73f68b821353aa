package dev.loop.spi;

import dev.loop.api.EventLoop;
import java.util.Optional;

/**
 * Which loop the current thread owns, behind {@link EventLoop#current()}. Implementations call
 * {@link #enter} on the owner thread when a loop is created and {@link #leave} when it terminates
 * there.
 */
public final class CurrentLoop {

    private static final ThreadLocal<EventLoop> OWNED = new ThreadLocal<>();

    private CurrentLoop() {
    }

    /**
     * Records that the calling thread owns {@code loop}; the latest loop wins.
     *
     * @param loop the loop created on this thread
     */
    public static void enter(EventLoop loop) {
        OWNED.set(loop);
    }

    /**
     * Forgets {@code loop}, if it is the one recorded for the calling thread.
     *
     * @param loop the loop that terminated on this thread
     */
    public static void leave(EventLoop loop) {
        if (OWNED.get() == loop) {
            OWNED.remove();
        }
    }

    /**
     * The loop the calling thread owns.
     *
     * @return the loop, if the thread owns one that has not terminated
     */
    public static Optional<EventLoop> get() {
        return Optional.ofNullable(OWNED.get());
    }
}
