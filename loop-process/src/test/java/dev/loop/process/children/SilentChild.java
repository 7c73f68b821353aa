package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;

/** Listens to its parent and never sends: stays until the parent disconnects or kills it. */
public final class SilentChild {

    private SilentChild() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> ChildContext.parentPort().onMessage(message -> { }));
        }
    }
}
