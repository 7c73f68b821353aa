package dev.loop.api;

import java.util.concurrent.CancellationException;

/**
 * An operation was aborted through its {@link AbortSignal}: Node's {@code AbortError}. Its
 * {@link #reason()} is the signal's reason, and is also its cause when it is a {@link Throwable}.
 */
public final class AbortError extends CancellationException {

    private static final long serialVersionUID = 1L;

    /** The reason, not serialized (it may be any object). */
    private final transient Object reason;

    /**
     * An abort for {@code reason}.
     *
     * @param message what was aborted
     * @param reason the signal's reason, or null
     */
    public AbortError(String message, Object reason) {
        super(message);
        this.reason = reason;
        if (reason instanceof Throwable cause && cause != this) {
            initCause(cause);
        }
    }

    /**
     * The error with which an operation that {@code signal} aborted rejects: Node's
     * {@code AbortError} "The operation was aborted", whose cause is the signal's reason.
     *
     * @param signal an aborted signal
     * @return the error
     */
    public static AbortError of(AbortSignal signal) {
        return new AbortError("The operation was aborted", signal.reason());
    }

    /**
     * The signal's reason: what {@link AbortController#abort(Object)} was given, an
     * {@code AbortError} for {@link AbortController#abort()}, a
     * {@link java.util.concurrent.TimeoutException} for {@link AbortSignal#timeout}.
     *
     * @return the reason, or null
     */
    public Object reason() {
        return reason;
    }
}
