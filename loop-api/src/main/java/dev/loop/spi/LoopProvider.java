package dev.loop.spi;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import java.util.List;
import java.util.Optional;

/**
 * Makes event loops. {@link EventLoop#create()} picks, through {@link java.util.ServiceLoader}, the
 * provider with the highest {@link #priority()}. loop-core provides one.
 *
 * <p><b>Thread safety:</b> any thread may call every method.
 */
public interface LoopProvider {

    /**
     * A short name for diagnostics, such as {@code "core"}.
     *
     * @return the name
     */
    String name();

    /**
     * Higher wins when several providers are present.
     *
     * @return the priority
     */
    int priority();

    /**
     * Creates a loop owned by the calling thread.
     *
     * @param options the configuration
     * @return the loop
     */
    EventLoop create(LoopOptions options);

    /**
     * Starts a loop on a new thread that keeps running until the loop is closed.
     *
     * @param options the configuration; {@link LoopOptions#name()} names the thread
     * @return the running loop
     */
    EventLoop startThread(LoopOptions options);

    /**
     * The loop made by this provider that the calling thread owns, behind
     * {@link EventLoop#current()}: the last one created on it, until that one terminates.
     *
     * @return the loop, or empty if the thread owns none of this provider's loops
     */
    Optional<EventLoop> current();

    /**
     * The context of a loop this provider made: what the modules built on the loop need of it.
     *
     * @param loop any loop
     * @return its context, or empty if this provider did not make {@code loop}
     */
    Optional<LoopContext> context(EventLoop loop);

    /**
     * The providers found through {@link java.util.ServiceLoader}, highest {@link #priority()}
     * first; loaded once.
     *
     * @return the installed providers, possibly none
     */
    static List<LoopProvider> installed() {
        return InstalledProviders.ALL;
    }
}
