package dev.loop.http;

import dev.loop.io.Io;
import java.util.Objects;

/**
 * Node's {@code http} module: {@link #createServer} serves HTTP/1.1 on an {@link Io}'s loop.
 *
 * <pre>{@code
 * try (Io io = Io.create()) {
 *     io.loop().run(() -> Http.createServer(io, (req, res) -> {
 *         res.setHeader("Content-Type", "application/json");
 *         res.end("{\"status\":true}");
 *     }).listen(8080, "127.0.0.1"));
 * }
 * }</pre>
 *
 * <p>Requests are parsed by Jetty's HTTP/1.1 parser in its STRICT mode, which refuses the request
 * smuggling forms, and responses written by Jetty's generator; both run on the loop thread, fed
 * and drained by the loop's sockets. Jetty logs through SLF4J: with no SLF4J provider installed,
 * this module keeps SLF4J from printing its warning about that (it sets
 * {@code slf4j.internal.verbosity} to {@code ERROR} unless you have set it); add any SLF4J 2
 * provider, such as {@code slf4j-jdk14}, to see Jetty's logs.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
public final class Http {

    private Http() {
    }

    /**
     * A server whose requests go to {@code listener} ({@code http.createServer(listener)}).
     *
     * @param io the loop and its I/O; call on its thread
     * @param listener handles each request
     * @return the server, not listening yet
     */
    public static HttpServer createServer(Io io, RequestListener listener) {
        return createServer(io, HttpServerOptions.defaults(), listener);
    }

    /**
     * {@link #createServer(Io, RequestListener)} with {@code options}.
     *
     * @param io the loop and its I/O; call on its thread
     * @param options the limits
     * @param listener handles each request
     * @return the server, not listening yet
     */
    public static HttpServer createServer(Io io, HttpServerOptions options, RequestListener listener) {
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        QuietSlf4j.ensure();
        return new HttpServer(io, options).onRequest(listener);
    }
}
