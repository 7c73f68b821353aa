package dev.loop.process;

import dev.loop.api.EventLoop;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running children of each loop, so that one hook per loop ends them when it closes: a hook
 * per child would keep every child a long-lived loop ever forked until the loop closes.
 *
 * <p><b>Thread safety:</b> any thread.
 */
final class LoopChildren {

    private static final Map<EventLoop, Set<ChildProcess>> RUNNING = new ConcurrentHashMap<>();

    private LoopChildren() {
    }

    /** {@code child} runs on {@code loop} until {@link #exited}. */
    static void started(EventLoop loop, ChildProcess child) {
        RUNNING.computeIfAbsent(loop, l -> {
            Set<ChildProcess> children = ConcurrentHashMap.newKeySet();
            l.termination().whenComplete((v, e) -> {
                RUNNING.remove(l);
                children.forEach(ChildProcess::loopClosed);
            });
            return children;
        }).add(child);
    }

    /** {@code child} has exited: its loop's closing no longer concerns it. */
    static void exited(EventLoop loop, ChildProcess child) {
        Set<ChildProcess> children = RUNNING.get(loop);
        if (children != null) {
            children.remove(child);
        }
    }
}
