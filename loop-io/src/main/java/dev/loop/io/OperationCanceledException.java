package dev.loop.io;

/**
 * {@code ECANCELED}, "Operation canceled": the operation was cancelled because its socket or file
 * closed.
 */
public final class OperationCanceledException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error.
     *
     * @param message what happened, naming the address or the operation
     * @param cause the JDK's exception, or null
     */
    public OperationCanceledException(String message, Throwable cause) {
        super("ECANCELED", message, null, cause);
    }
}
