package dev.loop.io;

/** {@code ECONNREFUSED}, "Connection refused": nobody listens at the address. */
public final class ConnectionRefusedException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error.
     *
     * @param message what happened, naming the address or the operation
     * @param cause the JDK's exception, or null
     */
    public ConnectionRefusedException(String message, Throwable cause) {
        super("ECONNREFUSED", message, null, cause);
    }
}
