package dev.loop.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link HttpServer} reads requests and keeps connections ({@code http.createServer(options)}
 * and the server's timeout properties), with Node's defaults. A timeout of {@link Duration#ZERO}
 * is off. The timeouts run on loop timers that never keep the loop alive.
 *
 * @param maxHeaderSize the most bytes a request's line and headers may take (Node's
 *     {@code maxHeaderSize}, 16 KiB); past it the request is answered 431 and the connection ends
 * @param keepAliveTimeout how long a keep-alive connection may wait for its next request after a
 *     response (5 s); then it is destroyed
 * @param headersTimeout how long a request's line and headers may take to arrive, from its first
 *     byte or from the connection (60 s); then it is answered 408 and the connection ends
 * @param requestTimeout how long a whole request, body included, may take to arrive (300 s); then
 *     the same; at least {@code headersTimeout} unless either is off
 * @param maxHeadersCount how many of a request's headers are kept (Node's {@code maxHeadersCount},
 *     2000); those past it are dropped, as Node drops them; 0 for no limit
 * @param maxRequestsPerSocket how many requests one connection may make (Node's
 *     {@code maxRequestsPerSocket}; 0, the default, for no limit). The response to the last one
 *     says {@code Connection: close}, and the connection stays open as Node keeps it; requests
 *     past the limit are answered 503 without reaching the handler, and emit
 *     {@link HttpServer#DROP_REQUEST}
 */
public record HttpServerOptions(int maxHeaderSize, Duration keepAliveTimeout, Duration headersTimeout,
                                Duration requestTimeout, int maxHeadersCount, int maxRequestsPerSocket) {

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException if {@code maxHeaderSize} is below 1 KiB, a timeout is
     *     negative, or {@code requestTimeout} is shorter than {@code headersTimeout} (Node refuses it too)
     */
    public HttpServerOptions {
        if (maxRequestsPerSocket < 0) {
            throw new IllegalArgumentException("maxRequestsPerSocket must be 0 (no limit) or more, got " + maxRequestsPerSocket);
        }
        if (maxHeadersCount < 0) {
            throw new IllegalArgumentException("maxHeadersCount must be 0 (no limit) or more, got " + maxHeadersCount);
        }
        if (maxHeaderSize < 1024) {
            throw new IllegalArgumentException("maxHeaderSize must be at least 1024 bytes, got " + maxHeaderSize);
        }
        for (Duration timeout : new Duration[] {
            Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout"),
            Objects.requireNonNull(headersTimeout, "headersTimeout"),
            Objects.requireNonNull(requestTimeout, "requestTimeout")}) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("a timeout must be zero (off) or positive, got " + timeout);
            }
        }
        if (!headersTimeout.isZero() && !requestTimeout.isZero() && requestTimeout.compareTo(headersTimeout) < 0) {
            throw new IllegalArgumentException("requestTimeout (" + requestTimeout + ") must be at least headersTimeout ("
                    + headersTimeout + "), as Node requires; lower headersTimeout first, or turn either off with zero");
        }
    }

    /**
     * Node's defaults: 16 KiB of headers, 2000 of them kept; 5 s keep-alive, 60 s for the headers,
     * 300 s for a request; no limit on requests per connection.
     *
     * @return the defaults
     */
    public static HttpServerOptions defaults() {
        return new HttpServerOptions(16 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(300), 2000, 0);
    }

    /**
     * These options with {@code maxHeaderSize}.
     *
     * @param bytes the most bytes of a request's line and headers
     * @return the new options
     */
    public HttpServerOptions withMaxHeaderSize(int bytes) {
        return new HttpServerOptions(bytes, keepAliveTimeout, headersTimeout, requestTimeout, maxHeadersCount, maxRequestsPerSocket);
    }

    /**
     * These options with {@code keepAliveTimeout}.
     *
     * @param timeout how long an idle keep-alive connection lives; zero for ever
     * @return the new options
     */
    public HttpServerOptions withKeepAliveTimeout(Duration timeout) {
        return new HttpServerOptions(maxHeaderSize, timeout, headersTimeout, requestTimeout, maxHeadersCount, maxRequestsPerSocket);
    }

    /**
     * These options with {@code headersTimeout}.
     *
     * @param timeout how long a request's headers may take; zero for no limit
     * @return the new options
     */
    public HttpServerOptions withHeadersTimeout(Duration timeout) {
        return new HttpServerOptions(maxHeaderSize, keepAliveTimeout, timeout, requestTimeout, maxHeadersCount, maxRequestsPerSocket);
    }

    /**
     * These options with {@code requestTimeout}.
     *
     * @param timeout how long a whole request may take; zero for no limit
     * @return the new options
     */
    public HttpServerOptions withRequestTimeout(Duration timeout) {
        return new HttpServerOptions(maxHeaderSize, keepAliveTimeout, headersTimeout, timeout, maxHeadersCount, maxRequestsPerSocket);
    }

    /**
     * These options with {@code maxHeadersCount}.
     *
     * @param count how many of a request's headers are kept; 0 for all
     * @return the new options
     */
    public HttpServerOptions withMaxHeadersCount(int count) {
        return new HttpServerOptions(maxHeaderSize, keepAliveTimeout, headersTimeout, requestTimeout, count, maxRequestsPerSocket);
    }

    /**
     * These options with {@code maxRequestsPerSocket}.
     *
     * @param requests the most requests one connection may make, 0 for no limit
     * @return the new options
     */
    public HttpServerOptions withMaxRequestsPerSocket(int requests) {
        return new HttpServerOptions(maxHeaderSize, keepAliveTimeout, headersTimeout, requestTimeout, maxHeadersCount, requests);
    }
}
