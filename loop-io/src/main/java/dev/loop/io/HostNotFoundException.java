package dev.loop.io;

/** {@code ENOTFOUND}: a host name has no address ({@code getaddrinfo ENOTFOUND host}, as Node says). */
public final class HostNotFoundException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error.
     *
     * @param message what happened, naming the host
     * @param cause the resolver's exception, or null
     */
    public HostNotFoundException(String message, Throwable cause) {
        super("ENOTFOUND", message, null, cause);
    }
}
