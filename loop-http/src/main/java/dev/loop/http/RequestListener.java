package dev.loop.http;

/** What handles each request: Node's {@code (req, res) => ...}. */
@FunctionalInterface
public interface RequestListener {

    /**
     * Handles one request, on the loop thread.
     *
     * @param request the request line, headers and body
     * @param response the response to write and end
     */
    void onRequest(IncomingMessage request, ServerResponse response);
}
