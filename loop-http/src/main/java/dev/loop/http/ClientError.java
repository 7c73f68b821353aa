package dev.loop.http;

import dev.loop.io.Socket;

/**
 * A malformed request: the payload of {@link HttpServer#CLIENT_ERROR} ({@code 'clientError'}).
 * A listener owns the socket: answer on it and end it, or destroy it.
 *
 * @param code the status Node would answer with: 400, or 431 for headers that are too large
 * @param reason what was wrong
 * @param socket the connection
 */
public record ClientError(int code, String reason, Socket socket) {
}
