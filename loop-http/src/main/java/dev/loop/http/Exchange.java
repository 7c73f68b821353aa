package dev.loop.http;

/**
 * A request and its response: the payload of {@link HttpServer#REQUEST}.
 *
 * @param request the request
 * @param response its response
 */
public record Exchange(IncomingMessage request, ServerResponse response) {
}
