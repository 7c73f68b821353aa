package dev.loop.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Agent} keeps connections ({@code new http.Agent(options)}).
 *
 * @param keepAlive whether a connection goes back to the agent after its response, for the next
 *     request to the same host and port (false by default, as Node's {@code Agent}; the global
 *     agent keeps them, as Node 20's does)
 * @param maxSockets the most connections to one host and port at once; more requests wait (no limit
 *     by default: {@link Integer#MAX_VALUE})
 * @param maxFreeSockets the most idle connections kept per host and port (256)
 * @param timeout how long an idle connection is kept (Node's global agent: 5 s); zero for ever
 */
public record AgentOptions(boolean keepAlive, int maxSockets, int maxFreeSockets, Duration timeout) {

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException if {@code maxSockets} is below 1, {@code maxFreeSockets}
     *     below 0, or the timeout negative
     */
    public AgentOptions {
        if (maxSockets < 1) {
            throw new IllegalArgumentException("maxSockets must be at least 1, got " + maxSockets);
        }
        if (maxFreeSockets < 0) {
            throw new IllegalArgumentException("maxFreeSockets must be at least 0, got " + maxFreeSockets);
        }
        if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("timeout must be zero (none) or positive, got " + timeout);
        }
    }

    /**
     * Node's {@code Agent} defaults: no keep-alive, no socket limit, 256 free sockets, 5 s.
     *
     * @return the defaults
     */
    public static AgentOptions defaults() {
        return new AgentOptions(false, Integer.MAX_VALUE, 256, Duration.ofSeconds(5));
    }

    /**
     * These options with {@code keepAlive}.
     *
     * @param keep whether connections are kept for the next request
     * @return the new options
     */
    public AgentOptions withKeepAlive(boolean keep) {
        return new AgentOptions(keep, maxSockets, maxFreeSockets, timeout);
    }

    /**
     * These options with {@code maxSockets}.
     *
     * @param most the most connections per host and port
     * @return the new options
     */
    public AgentOptions withMaxSockets(int most) {
        return new AgentOptions(keepAlive, most, maxFreeSockets, timeout);
    }

    /**
     * These options with {@code maxFreeSockets}.
     *
     * @param most the most idle connections kept per host and port
     * @return the new options
     */
    public AgentOptions withMaxFreeSockets(int most) {
        return new AgentOptions(keepAlive, maxSockets, most, timeout);
    }

    /**
     * These options with {@code timeout}.
     *
     * @param idle how long an idle connection is kept; zero for ever
     * @return the new options
     */
    public AgentOptions withTimeout(Duration idle) {
        return new AgentOptions(keepAlive, maxSockets, maxFreeSockets, idle);
    }
}
