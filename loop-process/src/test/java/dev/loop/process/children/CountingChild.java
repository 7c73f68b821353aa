package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;

/**
 * Answers each number {@code n} with {@code 2n}, or {@code 2n + 1} when its port says the message
 * is a redelivery that may have been processed already. With an argument {@code N}, it exits with
 * code 3 inside the callback of message {@code N}, before answering it, unless that message is
 * such a redelivery (a crash that does not recur).
 */
public final class CountingChild {

    private CountingChild() {
    }

    public static void main(String[] args) {
        long exitAt = args.length > 0 ? Long.parseLong(args[0]) : -1;
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.onMessage(message -> {
                    long n = ((Number) message).longValue();
                    if (n == exitAt && !parent.redelivered()) {
                        Runtime.getRuntime().halt(3); // dies in the callback, as a crash would
                    }
                    parent.send(2 * n + (parent.redelivered() ? 1 : 0));
                });
            });
        }
    }
}
