package dev.loop.tck;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.spi.PollerFactory;

/**
 * What every loop suite shares: the poller under test, and loops made with it. A suite creates
 * each loop through {@link #newLoop} or {@link #startLoop}, which put {@link #pollerFactory()} into
 * the options; the loop itself comes from the installed {@link dev.loop.spi.LoopProvider}.
 *
 * <p><b>Thread safety:</b> a suite instance runs one test at a time, on JUnit's thread.
 */
public abstract class LoopSuite {

    /** For subclasses. */
    protected LoopSuite() {
    }

    /**
     * The poller under test, made once per loop.
     *
     * @return the factory; null tests the loop implementation's default poller
     */
    protected abstract PollerFactory pollerFactory();

    /**
     * A loop owned by the calling thread, with default options and the poller under test.
     *
     * @return the loop
     */
    protected final EventLoop newLoop() {
        return newLoop(LoopOptions.defaults());
    }

    /**
     * A loop owned by the calling thread, with these options and the poller under test.
     *
     * @param options the options; their poller factory is replaced
     * @return the loop
     */
    protected final EventLoop newLoop(LoopOptions options) {
        return EventLoop.create(options.withPoller(pollerFactory()));
    }

    /**
     * A loop on a thread of its own, with the poller under test, up until closed.
     *
     * @param threadName its thread's name
     * @return the running loop
     */
    protected final EventLoop startLoop(String threadName) {
        return EventLoop.startThread(LoopOptions.defaults().withName(threadName).withPoller(pollerFactory()));
    }
}
