package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.SharedBuffer;

/**
 * Given a SharedBuffer, says "waiting" and waits on its first int (which holds 0) with no time
 * limit, on a thread named "shared-waiter"; answers "woken" if that ever ends.
 */
public final class SharedWaiterChild {

    private SharedWaiterChild() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.onMessage(SharedBuffer.class, buffer -> {
                    parent.send("waiting");
                    Thread.ofPlatform().name("shared-waiter").start(() -> {
                        Atomics.wait(buffer.int32(), 0, 0);
                        loop.execute(() -> parent.send("woken"));
                    });
                });
            });
        }
    }
}
