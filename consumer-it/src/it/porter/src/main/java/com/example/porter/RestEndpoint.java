package com.example.porter;

import dev.loop.api.Promise;
import dev.loop.http.Http;
import dev.loop.http.HttpServer;
import dev.loop.io.Io;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The article's REST endpoint, as the README shows it on loop-http:
 * <pre>{@code
 * http.createServer((req, res) => {
 *   let body = '';
 *   req.on('data', chunk => body += chunk);
 *   req.on('end', () => {
 *     res.setHeader('Content-Type', 'application/json');
 *     res.end(JSON.stringify({ status: true, sent: true, received: body.length }));
 *   });
 * }).listen(0, '127.0.0.1');
 * }</pre>
 */
public final class RestEndpoint {

    private final HttpServer server;

    /**
     * Creates the endpoint on {@code io}'s loop; call on its thread.
     *
     * @param io the loop with its I/O
     */
    public RestEndpoint(Io io) {
        this.server = Http.createServer(io, (req, res) -> {
            StringBuilder body = new StringBuilder();
            req.onData(chunk -> body.append(StandardCharsets.UTF_8.decode(chunk)))
               .onEnd(() -> {
                   res.setHeader("Content-Type", "application/json");
                   res.end("{\"status\":true,\"sent\":true,\"received\":" + body.length() + "}");
               });
        });
    }

    /** Listens on a free port of the loopback address. */
    public Promise<InetSocketAddress> listen() {
        return server.listen(0, "127.0.0.1");
    }

    /** Stops listening; idle connections end. */
    public Promise<Void> close() {
        return server.close();
    }
}
