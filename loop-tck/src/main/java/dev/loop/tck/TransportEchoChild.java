package dev.loop.tck;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;

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
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.onMessage(parent::send);
            });
        }
    }
}
