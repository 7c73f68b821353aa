package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.SharedBuffer;

/** Given a SharedBuffer, stores 1 in its first int, notifies, and answers with how many it woke. */
public final class SharedNotifierChild {

    private SharedNotifierChild() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.onMessage(SharedBuffer.class, buffer -> {
                    Atomics.store(buffer.int32(), 0, 1);
                    parent.send(Atomics.notify(buffer.int32(), 0));
                });
            });
        }
    }
}
