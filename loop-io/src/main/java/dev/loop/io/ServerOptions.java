package dev.loop.io;

/**
 * How a {@link Server} treats its connections ({@code net.createServer(options)}).
 *
 * @param allowHalfOpen whether an accepted socket stays writable after its peer ended its side
 *     (Node's {@code allowHalfOpen}): false by default, so a socket ends once the peer's end is
 *     read and its own writes are done; true lets the server answer later and end when it chooses,
 *     as an HTTP server does
 */
public record ServerOptions(boolean allowHalfOpen) {

    /**
     * Node's defaults: {@code allowHalfOpen} false.
     *
     * @return the defaults
     */
    public static ServerOptions defaults() {
        return new ServerOptions(false);
    }

    /**
     * These options with {@code allowHalfOpen}.
     *
     * @param allow whether accepted sockets stay writable after the peer's end
     * @return the new options
     */
    public ServerOptions withAllowHalfOpen(boolean allow) {
        return new ServerOptions(allow);
    }
}
