package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;

/** Sends back every message; "exit N" exits with code N; ends when the parent disconnects. */
public final class EchoChild {

    private EchoChild() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.onMessage(message -> {
                    if (message instanceof String text && text.startsWith("exit ")) {
                        System.exit(Integer.parseInt(text.substring(5)));
                    }
                    parent.send(message);
                });
            });
        }
    }
}
