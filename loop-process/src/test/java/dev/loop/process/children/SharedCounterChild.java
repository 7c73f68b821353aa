package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;

/**
 * Given a SharedBuffer, adds 1 to its first int with {@code Atomics.add}, {@code args[0]} times on
 * each of {@code args[1]} threads, then answers "counted".
 */
public final class SharedCounterChild {

    private SharedCounterChild() {
    }

    public static void main(String[] args) {
        int times = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.onMessage(SharedBuffer.class, buffer -> {
                    Int32Array counter = buffer.int32();
                    Thread[] workers = new Thread[threads];
                    for (int t = 0; t < threads; t++) {
                        workers[t] = Thread.ofPlatform().start(() -> {
                            for (int i = 0; i < times; i++) {
                                Atomics.add(counter, 0, 1);
                            }
                        });
                    }
                    for (Thread worker : workers) {
                        try {
                            worker.join();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    parent.send("counted");
                });
            });
        }
    }
}
