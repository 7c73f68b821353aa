package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;
import java.util.concurrent.CountDownLatch;

/**
 * With no argument: takes its parent port and answers the first message with what keeps its own
 * loop alive ({@code activeResources()}). With "quiet": never takes the port, so nothing reads what
 * the parent sends, and waits to be killed.
 */
public final class ResourcesChild {

    private ResourcesChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("quiet")) {
            new CountDownLatch(1).await(); // until the parent kills it
            return;
        }
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.onMessage(message -> parent.send(loop.activeResources()));
            });
        }
    }
}
