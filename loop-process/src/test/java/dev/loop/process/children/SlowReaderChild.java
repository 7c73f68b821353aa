package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds up its loop until the parent says "go" (the first message): meanwhile the parent's sends
 * fill the queue. Then counts the messages and sends the count when it sees "end".
 */
public final class SlowReaderChild {

    private SlowReaderChild() {
    }

    public static void main(String[] args) throws Exception {
        try (EventLoop loop = EventLoop.create()) {
            AtomicLong count = new AtomicLong();
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.send("ready");
                parent.onMessage(message -> {
                    if ("end".equals(message)) {
                        parent.send(count.get());
                    } else {
                        count.incrementAndGet();
                    }
                });
            });
        }
    }
}
