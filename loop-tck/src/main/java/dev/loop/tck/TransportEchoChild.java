package dev.loop.tck;

import dev.loop.process.ChildContext;

/**
 * The child {@link IpcTransportConformance} forks: it sends back every message until its parent
 * disconnects.
 */
public final class TransportEchoChild {

    private TransportEchoChild() {
    }

    /**
     * Runs the echo.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        ChildContext.answerEach(message -> message);
    }
}
