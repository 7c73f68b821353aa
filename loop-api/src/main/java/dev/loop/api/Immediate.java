package dev.loop.api;

/**
 * A callback from {@link EventLoop#setImmediate}, waiting for the check phase (Node's
 * {@code Immediate}). {@link #close()} is {@code clearImmediate}.
 *
 * <p><b>Thread safety:</b> as {@link Handle}.
 */
public interface Immediate extends Handle {

    @Override
    Immediate ref();

    @Override
    Immediate unref();
}
