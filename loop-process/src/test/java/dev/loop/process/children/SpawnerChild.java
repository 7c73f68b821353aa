package dev.loop.process.children;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildContext;
import dev.loop.process.ChildProcess;
import dev.loop.process.ParentPort;
import dev.loop.process.Processes;
import dev.loop.process.SpawnOptions;
import dev.loop.process.Stdio;
import java.util.List;

/**
 * Spawns {@code sleep 1000} and tells its parent the sleep's pid, then waits: the test kills this
 * JVM with SIGKILL and watches the command die with it.
 */
public final class SpawnerChild {

    private SpawnerChild() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = ChildContext.parentPort();
                ChildProcess sleep = Processes.spawn("sleep", List.of("1000"), SpawnOptions.defaults().withStdio(Stdio.IGNORE));
                parent.onMessage(message -> { });
                sleep.onSpawn(() -> parent.send(sleep.pid()));
            });
        }
    }
}
