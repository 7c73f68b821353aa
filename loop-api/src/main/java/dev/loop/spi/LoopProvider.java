package dev.loop.spi;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;

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
}
