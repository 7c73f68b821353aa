package dev.loop.http;

/**
 * How an {@link HttpServer} reads requests ({@code http.createServer(options)}).
 *
 * @param maxHeaderSize the most bytes a request's line and headers may take (Node's
 *     {@code maxHeaderSize}, 16 KiB); past it the request is answered 431 and the connection ends
 */
public record HttpServerOptions(int maxHeaderSize) {

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException if {@code maxHeaderSize} is below 1 KiB
     */
    public HttpServerOptions {
        if (maxHeaderSize < 1024) {
            throw new IllegalArgumentException("maxHeaderSize must be at least 1024 bytes, got " + maxHeaderSize);
        }
    }

    /**
     * Node's defaults.
     *
     * @return the defaults
     */
    public static HttpServerOptions defaults() {
        return new HttpServerOptions(16 * 1024);
    }

    /**
     * These options with {@code maxHeaderSize}.
     *
     * @param bytes the most bytes of a request's line and headers
     * @return the new options
     */
    public HttpServerOptions withMaxHeaderSize(int bytes) {
        return new HttpServerOptions(bytes);
    }
}
