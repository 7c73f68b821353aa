package com.example.porter;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;

/**
 * Runs an action once a burst of calls has been quiet for a while (lodash's {@code debounce} on a
 * loop): each {@link #call()} restarts the wait.
 */
public final class Debouncer {

    private final EventLoop loop;
    private final long quietMillis;
    private final Runnable action;
    private Timeout pending;

    /**
     * @param loop the loop whose timers it uses; call {@link #call()} on its thread
     * @param quietMillis how long the calls must stop before the action runs
     * @param action what runs
     */
    public Debouncer(EventLoop loop, long quietMillis, Runnable action) {
        this.loop = loop;
        this.quietMillis = quietMillis;
        this.action = action;
    }

    /** A call: the action runs {@code quietMillis} after the last one. */
    public void call() {
        if (pending != null) {
            pending.refresh();          // wait quietMillis from this call instead
            return;
        }
        pending = loop.setTimeout(() -> {
            pending = null;
            action.run();
        }, quietMillis);
    }
}
