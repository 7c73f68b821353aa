package dev.loop.process.chronicle;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;

/** Sends back every message until the parent disconnects. */
public final class EchoChild {

    private EchoChild() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.onMessage(parent::send);
            });
        }
    }
}
