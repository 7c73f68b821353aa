package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ParentPort;

/** Sends the numbers 0 until the count in its argument, as fast as the channel takes them, then exits. */
public final class SenderChild {

    private SenderChild() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                int[] next = {0};
                Runnable pump = new Runnable() {
                    @Override
                    public void run() {
                        while (next[0] < count) {
                            if (!parent.send(next[0]++)) {
                                parent.once(ParentPort.DRAIN, this); // Node's once('drain')
                                return;
                            }
                        }
                        parent.disconnect();
                    }
                };
                pump.run();
            });
        }
    }
}
