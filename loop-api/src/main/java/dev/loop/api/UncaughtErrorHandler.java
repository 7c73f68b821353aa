package dev.loop.api;

/**
 * Receives what callbacks throw and promise rejections nobody handled (Node's
 * {@code process.on('uncaughtException')} and {@code 'unhandledRejection'}). Runs on the loop thread.
 * If the handler itself throws, the loop stops as if no handler were registered.
 *
 * <p><b>Thread safety:</b> called on the loop thread only, so it needs no synchronization of its
 * own for state that only the loop touches.
 */
@FunctionalInterface
public interface UncaughtErrorHandler {

    /**
     * Handles one error. An unhandled rejection arrives as an {@link UnhandledRejectionException}
     * whose cause is the rejection reason.
     *
     * @param error what was thrown
     * @param phase the phase the failing callback ran in
     */
    void uncaught(Throwable error, Phase phase);
}
