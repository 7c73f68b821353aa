package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.ParentPort;
import dev.loop.process.Processes;

/**
 * Forks a ReadyChild of its own (with the same class path) and tells its parent the grandchild's
 * pid, then waits: the test kills this process with SIGKILL and watches the grandchild die.
 */
public final class MiddleChild {

    private MiddleChild() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                ChildProcess grandchild = Processes.fork(ForkOptions.of(ReadyChild.class.getName()));
                parent.onMessage(message -> { });
                grandchild.onMessage(ready -> parent.send(grandchild.pid())); // it watches for our death now
            });
        }
    }
}
