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
     * Creates a poller for one loop. Called once, on the thread that creates the loop.
     *
     * @param context the loop's services for its poller
     * @return the poller
     */
    Poller create(PollerContext context);
}
