package dev.loop.core;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.spi.LoopContext;
import dev.loop.spi.LoopProvider;
import java.util.Objects;
import java.util.Optional;

/**
 * loop-core's {@link LoopProvider}, found by {@link EventLoop#create()} through
 * {@link java.util.ServiceLoader}.
 *
 * <p><b>Thread safety:</b> stateless; any thread.
 */
public final class CoreLoopProvider implements LoopProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public CoreLoopProvider() {
    }

    @Override
    public String name() {
        return "core";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public EventLoop create(LoopOptions options) {
        return new CoreEventLoop(Objects.requireNonNull(options, "options"), Thread.currentThread());
    }

    @Override
    public EventLoop startThread(LoopOptions options) {
        return LoopThread.start(Objects.requireNonNull(options, "options"));
    }

    @Override
    public Optional<EventLoop> current() {
        return Optional.ofNullable(CoreEventLoop.owned());
    }

    @Override
    public Optional<LoopContext> context(EventLoop loop) {
        return loop instanceof CoreEventLoop core ? Optional.of(core) : Optional.empty();
    }
}
