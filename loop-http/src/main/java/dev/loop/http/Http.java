package dev.loop.http;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Node's {@code http} module: {@link #createServer} serves HTTP/1.1 on an {@link Io}'s loop, and
 * {@link #request} and {@link #get} send requests through an {@link Agent}'s connections.
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
     * Sends a request ({@code http.request(options, callback)}): write its body, then
     * {@link ClientRequest#end()}; {@code onResponse} receives the response.
     *
     * @param io the loop and its I/O; call on its thread
     * @param options what to send, and through which agent
     * @param onResponse receives the response (its body follows as a stream), or null to listen later
     * @return the request, not ended
     */
    public static ClientRequest request(Io io, RequestOptions options, Consumer<IncomingMessage> onResponse) {
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(options, "options");
        QuietSlf4j.ensure();
        Agent agent = options.agent() != null ? options.agent() : globalAgent(io);
        ClientRequest request = new ClientRequest(io.loop(), options, agent);
        if (onResponse != null) {
            request.onResponse(onResponse);
        }
        agent.assign(request);
        return request;
    }

    /**
     * A GET, ended at once ({@code http.get(url, callback)}).
     *
     * @param io the loop and its I/O; call on its thread
     * @param url {@code http://host[:port]/path}
     * @param onResponse receives the response
     * @return the request
     */
    public static ClientRequest get(Io io, String url, Consumer<IncomingMessage> onResponse) {
        ClientRequest request = request(io, RequestOptions.of(url), onResponse);
        request.end();
        return request;
    }

    /**
     * The loop's global agent ({@code http.globalAgent}): keep-alive, as Node 20's, with a 5 s
     * idle timeout and no socket limit; one per loop, made on first use.
     *
     * @param io the loop and its I/O
     * @return its global agent
     */
    public static Agent globalAgent(Io io) {
        EventLoop loop = io.loop();
        synchronized (GLOBAL_AGENTS) {
            Agent agent = GLOBAL_AGENTS.get(loop);
            if (agent == null) {
                agent = Agent.create(io, AgentOptions.defaults().withKeepAlive(true));
                GLOBAL_AGENTS.put(loop, agent);
                loop.termination().whenComplete((v, e) -> {
                    synchronized (GLOBAL_AGENTS) {
                        GLOBAL_AGENTS.remove(loop); // the agent holds the loop: it must not outlive it here
                    }
                });
            }
            return agent;
        }
    }

    /** The global agents, by loop, until the loop terminates. */
    private static final Map<EventLoop, Agent> GLOBAL_AGENTS = new HashMap<>();

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
