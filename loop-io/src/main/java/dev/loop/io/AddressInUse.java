package dev.loop.io;

/** {@code EADDRINUSE}: the address is already in use. */
public final class AddressInUse extends IoError {

    private static final long serialVersionUID = 1L;

    /**
     * The error.
     *
     * @param message what happened, naming the address or the operation
     * @param cause the JDK's exception, or null
     */
    public AddressInUse(String message, Throwable cause) {
        super("EADDRINUSE", message, null, cause);
    }
}
