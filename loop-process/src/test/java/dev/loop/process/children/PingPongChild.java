package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import dev.loop.value.shared.WaitResult;

/**
 * Given a SharedBuffer, plays {@code args[0]} rounds of ping-pong on its first int with
 * {@code Atomics.wait} and {@code notify}: waits for each odd value the parent stores, answers
 * with the next even one. Then answers with how many of its waits ended in "ok" and how many of
 * its notifies woke the parent, as {@code [ok, woke]}.
 */
public final class PingPongChild {

    private PingPongChild() {
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                parent.onMessage(SharedBuffer.class, buffer -> Thread.ofPlatform().name("pong").start(() -> {
                    Int32Array word = buffer.int32();
                    int ok = 0;
                    int woke = 0;
                    for (int round = 0; round < rounds; round++) {
                        int mine = 2 * round;
                        int value;
                        while ((value = Atomics.load(word, 0)) == mine) {
                            if (Atomics.wait(word, 0, mine) == WaitResult.OK) {
                                ok++;
                            }
                        }
                        if (value != mine + 1) {
                            throw new IllegalStateException("round " + round + ": expected " + (mine + 1) + ", saw " + value);
                        }
                        Atomics.store(word, 0, mine + 2);
                        woke += Atomics.notify(word, 0);
                    }
                    int[] counts = {ok, woke};
                    loop.execute(() -> parent.send(counts));
                }));
            });
        }
    }
}
