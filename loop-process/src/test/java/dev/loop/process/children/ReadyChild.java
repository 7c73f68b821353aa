package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;

/** Says "ready" once running, then listens until the parent disconnects or it dies. */
public final class ReadyChild {

    private ReadyChild() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.onMessage(message -> { });
                parent.send("ready");
            });
        }
    }
}
