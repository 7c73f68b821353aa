package dev.loop.api;

import java.io.Serial;

/**
 * A promise was rejected and no reaction was attached to it by the end of the nextTick and
 * microtask drain in which it was rejected. The cause is the rejection reason.
 *
 * <p><b>Thread safety:</b> immutable once thrown; any thread.
 */
public final class UnhandledRejectionException extends LoopException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Wraps a rejection reason.
     *
     * @param reason the reason the promise was rejected with
     */
    public UnhandledRejectionException(Throwable reason) {
        super("Unhandled promise rejection: " + reason
                + " (attach a catchError(...) reaction, or register EventLoop.onUncaughtException)", reason);
    }
}
