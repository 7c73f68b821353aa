package dev.loop.http;

import dev.loop.io.Io;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The connections a client's requests use ({@code http.Agent}), per host and port: a request
 * takes an idle kept-alive connection if there is one, else opens a new one while fewer than
 * {@code maxSockets} are open, else waits for one. After its response, a connection that may be
 * reused goes to the next waiting request, or (with {@code keepAlive}) waits idle, unreferenced
 * (it never keeps the loop alive), for up to {@code timeout}; otherwise it is closed.
 *
 * <p><b>Thread safety:</b> loop thread only: an agent belongs to its {@link Io}'s loop.
 */
public final class Agent {

    private final Io io;
    private final AgentOptions options;
    private final Map<String, HostPool> pools = new HashMap<>();

    /** One host and port's connections: every open one, the idle ones, and the requests waiting. */
    private static final class HostPool {
        final List<ClientConnection> open = new ArrayList<>();
        final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
        final ArrayDeque<ClientRequest> waiting = new ArrayDeque<>();
    }

    private Agent(Io io, AgentOptions options) {
        this.io = io;
        this.options = options;
    }

    /**
     * An agent for {@code io}'s loop ({@code new http.Agent(options)}).
     *
     * @param io the loop and its I/O
     * @param options how it keeps connections
     * @return the agent
     */
    public static Agent create(Io io, AgentOptions options) {
        return new Agent(Objects.requireNonNull(io, "io"), Objects.requireNonNull(options, "options"));
    }

    /** How it keeps connections. */
    public AgentOptions options() {
        return options;
    }

    /** Idle kept-alive connections, over every host ({@code agent.freeSockets}). */
    public int idleConnections() {
        return pools.values().stream().mapToInt(pool -> pool.idle.size()).sum();
    }

    /** Open connections, idle or in use, over every host. */
    public int openConnections() {
        return pools.values().stream().mapToInt(pool -> pool.open.size()).sum();
    }

    /** Destroys every connection, idle or in use ({@code agent.destroy()}); the agent makes new ones for later requests. */
    public void destroy() {
        for (HostPool pool : List.copyOf(pools.values())) {
            for (ClientConnection open : List.copyOf(pool.open)) {
                open.close();
            }
        }
    }

    // ---------------------------------------------------------------- from requests and connections

    void assign(ClientRequest request) {
        HostPool pool = pools.computeIfAbsent(request.key(), key -> new HostPool());
        ClientConnection idle = pool.idle.pollLast(); // the most recently used: the likeliest to be alive
        while (idle != null && idle.dead()) {
            idle = pool.idle.pollLast();
        }
        if (idle != null) {
            idle.start(request);
        } else if (pool.open.size() < options.maxSockets()) {
            ClientConnection connection = new ClientConnection(this, io, request.options().host(), request.options().port(),
                    request.key());
            pool.open.add(connection);
            connection.start(request);
        } else {
            pool.waiting.add(request);
        }
    }

    /** {@code connection} was destroyed: it leaves the idle list at once (it stays open until its close). */
    void dropIdle(ClientConnection connection) {
        HostPool pool = pools.get(connection.key());
        if (pool != null) {
            pool.idle.remove(connection);
        }
    }

    /** A waiting request gave up (destroyed or aborted) before it got a connection. */
    void cancel(ClientRequest request) {
        HostPool pool = pools.get(request.key());
        if (pool != null) {
            pool.waiting.remove(request);
        }
    }

    /** {@code connection} finished its request and response; {@code reusable} if it may carry another. */
    void released(ClientConnection connection, boolean reusable) {
        HostPool pool = pools.get(connection.key());
        if (!reusable) {
            connection.close(); // its close hands a waiting request the place it frees
            return;
        }
        ClientRequest next = pool.waiting.poll();
        if (next != null) {
            connection.start(next);
        } else if (options.keepAlive() && pool.idle.size() < options.maxFreeSockets()) {
            pool.idle.add(connection);
            connection.idle(options.timeout());
        } else {
            connection.close();
        }
    }

    /** {@code connection}'s socket closed, idle or in use: it leaves the pool, and a waiting request may take its place. */
    void closed(ClientConnection connection) {
        HostPool pool = pools.get(connection.key());
        if (pool == null || !pool.open.remove(connection)) {
            return;
        }
        pool.idle.remove(connection);
        ClientRequest next = pool.waiting.poll();
        if (next != null) {
            assign(next);
        } else if (pool.open.isEmpty()) {
            pools.remove(connection.key());
        }
    }
}
