package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.ParentPort;
import dev.loop.process.Processes;
import dev.loop.process.Stdio;

/**
 * Forks a ReadyChild of its own (with the same class path) and tells its parent the grandchild's
 * pid, then waits: the test kills this process with SIGKILL and watches the grandchild die. With
 * the argument "detached", the grandchild is detached: it does not die with its parent, but its
 * port hears disconnect, and its loop (kept alive only by the port) ends.
 */
public final class MiddleChild {

    private MiddleChild() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                boolean detached = args.length > 0 && args[0].equals("detached");
                // A detached grandchild must not hold the test JVM's output pipes: if it outlived
                // everything, the build would wait for it instead of failing.
                ForkOptions options = ForkOptions.of(ReadyChild.class.getName()).withDetached(detached);
                ChildProcess grandchild = Processes.fork(detached ? options.withStdio(Stdio.IGNORE, Stdio.IGNORE) : options);
                parent.onMessage(message -> { });
                grandchild.onMessage(ready -> parent.send(grandchild.pid())); // it watches for our death now
            });
        }
    }
}
