package dev.loop.spi;

import dev.loop.api.EventLoop;
import java.util.Objects;

/**
 * What a loop offers the modules built on it (workers, I/O, shared memory) beyond the user API:
 * handing it a task from another thread with the outcome as a value, and running several callbacks
 * inside one task as the loop runs its own. The loop's {@link LoopProvider} hands it out; get it with
 * {@link #of(EventLoop)} when the module is bound to a loop, never by casting the loop. Every
 * provider must supply it, so a module learns at once, when it binds, that a loop cannot serve it
 * rather than falling back to a slower path later.
 *
 * <p><b>Thread safety:</b> {@link #offer} and {@link #deliverUnlessClosed} may be called from any
 * thread; {@link #invoke} on the loop thread only.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it hands a task over with
 * {@link #offer} (when accepted) or {@link #deliverUnlessClosed} (when it returns true)
 * <i>happen-before</i> the task runs on the loop thread, as for {@link EventLoop#execute}.
 */
public interface LoopContext {

    /** What became of a task handed over with {@link #offer}. */
    enum Offer {
        /** The loop will run the task in a poll phase. */
        ACCEPTED,
        /** The loop's bound on tasks from other threads is reached; try again after it drains. */
        FULL,
        /** The loop is closed: nobody will run the task. */
        CLOSED
    }

    /**
     * The context of {@code loop}, from the installed provider that made it.
     *
     * @param loop a loop made by an installed {@link LoopProvider}
     * @return its context
     * @throws IllegalArgumentException if no installed provider made {@code loop}
     */
    static LoopContext of(EventLoop loop) {
        Objects.requireNonNull(loop, "loop");
        for (LoopProvider provider : LoopProvider.installed()) {
            var context = provider.context(loop);
            if (context.isPresent()) {
                return context.get();
            }
        }
        throw new IllegalArgumentException(loop + " was made by no installed dev.loop.spi.LoopProvider (the installed ones are "
                + LoopProvider.installed().stream().map(LoopProvider::name).toList()
                + "); create it with EventLoop.create() or a provider found through ServiceLoader");
    }

    /**
     * The loop this context belongs to.
     *
     * @return the loop
     */
    EventLoop loop();

    /**
     * Hands the loop a task without blocking and without throwing for a full or closed loop. On the
     * loop thread the task joins the tasks of the next poll phase and is never refused for room.
     * Any thread.
     *
     * @param task the task
     * @return {@link Offer#ACCEPTED} if the loop will run it; {@link Offer#FULL} if its bound on
     *     pending tasks is reached; {@link Offer#CLOSED} if the loop is closed
     */
    Offer offer(Runnable task);

    /**
     * Hands the loop a task it must not lose (a message delivery, an offloaded job's result, a
     * {@code waitAsync} settle). It is never refused for room and never blocks, so a loop thread
     * may hand tasks to another loop without waiting on it (two bounded loops that waited for each
     * other's room would deadlock); it counts toward the loop's task bound while queued, so
     * {@code execute} callers meet the bound sooner meanwhile. Any thread.
     *
     * @param task the task
     * @return true if the loop will run it; false only if the loop is closed, so that nobody is
     *     left to run it
     */
    boolean deliverUnlessClosed(Runnable task);

    /**
     * Runs {@code callback} as a callback of the current phase, as Node's {@code MakeCallback}: an
     * exception goes to the loop's uncaught-error handler (and, with none, ends the loop as any
     * callback's would), and the nextTick and microtask queues drain afterwards. A task may run
     * several callbacks this way: a message port delivers its queued messages so, one callback per
     * message, as Node's {@code MessagePort::OnMessage} does. Loop thread only, from inside a task
     * or callback the loop is running. When nobody handles an error this throws an internal
     * unchecked exception that carries it out to {@code run()}: let everything it throws propagate.
     *
     * @param callback the callback
     */
    void invoke(Runnable callback);
}
