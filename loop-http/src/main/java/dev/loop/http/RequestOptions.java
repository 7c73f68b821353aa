package dev.loop.http;

import dev.loop.api.AbortSignal;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Http#request} sends, and how ({@code http.request(options)}): the method, host,
 * port and path, headers to send, the {@link Agent} whose connections it uses (null: the loop's
 * global agent; see {@link Http#globalAgent}), and a signal that aborts it.
 *
 * @param method the method, {@code GET} by default
 * @param host the host name or address
 * @param port the port, 80 by default
 * @param path the path and query, {@code /} by default
 * @param headers headers to send, by name as given
 * @param agent the agent, or null for the global one
 * @param signal aborts the request, or null
 */
public record RequestOptions(String method, String host, int port, String path, Map<String, String> headers,
                             Agent agent, AbortSignal signal) {

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException for a port outside 1..65535, a path that does not start
     *     with {@code /} or holds a space or control character, or a header Node would refuse
     */
    public RequestOptions {
        Headers.checkName(Objects.requireNonNull(method, "method")); // a token, as Node checks it: no CR, LF or space
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        headers.forEach((name, value) -> {
            Headers.checkName(name);
            Headers.checkValue(name, value);
        });
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new IllegalArgumentException("Request path contains unescaped characters (ERR_UNESCAPED_CHARACTERS),"
                    + " or does not start with /: \"" + path + "\"; percent-encode it");
        }
    }

    /**
     * A GET of {@code url} ({@code http://host[:port]/path}).
     *
     * @param url the URL, http only
     * @return the options
     * @throws IllegalArgumentException for another scheme (https is not supported yet) or a URL without a host
     */
    public static RequestOptions of(String url) {
        URI uri = URI.create(url);
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("Protocol \"" + uri.getScheme() + ":\" not supported. Expected \"http:\""
                    + " (ERR_INVALID_PROTOCOL); loop-http has no TLS yet");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Invalid URL, no host: " + url);
        }
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new RequestOptions("GET", uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), path, Map.of(), null, null);
    }

    /**
     * These options with {@code method}.
     *
     * @param name the method, such as {@code POST}
     * @return the new options
     */
    public RequestOptions withMethod(String name) {
        return new RequestOptions(name, host, port, path, headers, agent, signal);
    }

    /**
     * These options with a header added (or replaced).
     *
     * @param name the name
     * @param value the value
     * @return the new options
     */
    public RequestOptions withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RequestOptions(method, host, port, path, more, agent, signal);
    }

    /**
     * These options with {@code agent}.
     *
     * @param with the agent whose connections to use
     * @return the new options
     */
    public RequestOptions withAgent(Agent with) {
        return new RequestOptions(method, host, port, path, headers, with, signal);
    }

    /**
     * These options with {@code signal}: an abort destroys the request with an {@code AbortError}.
     *
     * @param with the signal
     * @return the new options
     */
    public RequestOptions withSignal(AbortSignal with) {
        return new RequestOptions(method, host, port, path, headers, agent, with);
    }
}
