package dev.loop.io;

/** {@code ECONNRESET}, "Connection reset by peer": the peer reset the connection. */
public final class ConnectionResetException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error.
     *
     * @param message what happened, naming the address or the operation
     * @param cause the JDK's exception, or null
     */
    public ConnectionResetException(String message, Throwable cause) {
        super("ECONNRESET", message, null, cause);
    }
}
