package dev.loop.spi;

/**
 * Implemented by loops that let a task run several callbacks, each as the loop runs its own
 * (Node's {@code MakeCallback}): a message port delivers its queued messages so, one callback per
 * message inside one task, as Node's {@code MessagePort::OnMessage} does. Loop thread only, from
 * inside a task or callback the loop is running.
 */
public interface CallbackScope {

    /**
     * Runs {@code callback} as a callback of the current phase: an exception goes to the loop's
     * uncaught-error handler (and, with none, ends the loop as any callback's would), and the
     * nextTick and microtask queues drain afterwards.
     *
     * @param callback the callback
     */
    void invokeCallback(Runnable callback);
}
