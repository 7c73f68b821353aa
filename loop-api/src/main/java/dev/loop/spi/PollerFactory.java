package dev.loop.spi;

/**
 * Makes the {@link Poller} for one loop, given the loop's side of the contract. Set it with
 * {@link dev.loop.api.LoopOptions#withPoller}.
 *
 * <p><b>Thread safety:</b> called once per loop, on the thread that creates the loop.
 */
@FunctionalInterface
public interface PollerFactory {

    /**
     * The system property that names, by class, the {@link java.util.ServiceLoader} provider of
     * this interface that serves loops created without a poller factory: {@value}. Meant for
     * running a whole test suite on another poller (loop-io runs loop-core's tests on its NIO
     * backend this way); applications pass {@link dev.loop.api.LoopOptions#withPoller} instead.
     */
    String DEFAULT_PROPERTY = "dev.loop.defaultPollerFactory";

    /**
     * Creates a poller for one loop. Called once, on the thread that creates the loop.
     *
     * @param context the loop's services for its poller
     * @return the poller
     */
    Poller create(PollerContext context);
}
