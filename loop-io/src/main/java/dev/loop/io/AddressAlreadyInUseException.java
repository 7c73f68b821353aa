package dev.loop.io;

/** {@code EADDRINUSE}, "Address already in use": another socket is bound to the address. */
public final class AddressAlreadyInUseException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error.
     *
     * @param message what happened, naming the address or the operation
     * @param cause the JDK's exception, or null
     */
    public AddressAlreadyInUseException(String message, Throwable cause) {
        super("EADDRINUSE", message, null, cause);
    }
}
