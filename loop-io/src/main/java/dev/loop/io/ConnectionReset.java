package dev.loop.io;

/** {@code ECONNRESET}: the peer reset the connection. */
public final class ConnectionReset extends IoError {

    private static final long serialVersionUID = 1L;

    /**
     * The error.
     *
     * @param message what happened, naming the address or the operation
     * @param cause the JDK's exception, or null
     */
    public ConnectionReset(String message, Throwable cause) {
        super("ECONNRESET", message, null, cause);
    }
}
