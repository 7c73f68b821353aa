package dev.loop.api;

import java.util.function.Consumer;

/**
 * Something that emits {@link Event}s, as a Node {@code EventEmitter} does: listeners are added,
 * never replaced, and run in the order they were added. The fluent {@code onX} methods of a source
 * ({@code socket.onData(...)}) add a listener too; these methods add one and return its
 * {@link Registration}, so that it can be removed, or add one that runs at most once.
 *
 * <p>The rules of an emit (Node's): it works on the listeners registered when it began, so a
 * listener added during it first hears the next one, and a listener removed during it still hears
 * this one, unless it was a one-time listener that already ran. A listener that throws ends the
 * emit: the listeners after it do not hear that event, and the exception goes where an exception
 * from the source's callback goes (the loop's uncaught-exception handling).
 *
 * <p><b>Threads:</b> a source's listeners are added, removed and run on the thread of the loop that
 * owns it.
 */
public interface EventSource {

    /**
     * The listeners of this source's events. Its {@code emit} methods are for the source itself
     * (and, as in Node, for code that wants to act as it).
     *
     * @return the emitter
     */
    Emitter emitter();

    /**
     * Adds a listener of {@code event}.
     *
     * @param event one of the source's events
     * @param listener hears each of them, from the next one emitted
     * @param <T> what it receives
     * @return the registration; close it to remove the listener
     */
    default <T> Registration on(Event<T> event, Consumer<? super T> listener) {
        return emitter().on(event, listener);
    }

    /**
     * Adds a listener of an event without a payload.
     *
     * @param event one of the source's events
     * @param listener runs for each of them
     * @return the registration
     */
    default Registration on(Event<Void> event, Runnable listener) {
        return emitter().on(event, listener);
    }

    /**
     * Adds a listener that hears the next {@code event} only, and is then removed.
     *
     * @param event one of the source's events
     * @param listener hears the next one
     * @param <T> what it receives
     * @return the registration; close it to remove the listener before it runs
     */
    default <T> Registration once(Event<T> event, Consumer<? super T> listener) {
        return emitter().once(event, listener);
    }

    /**
     * Adds a listener that runs for the next {@code event} only.
     *
     * @param event one of the source's events
     * @param listener runs once
     * @return the registration
     */
    default Registration once(Event<Void> event, Runnable listener) {
        return emitter().once(event, listener);
    }

    /**
     * How many listeners {@code event} has now.
     *
     * @param event an event
     * @return the count
     */
    default int listenerCount(Event<?> event) {
        return emitter().listenerCount(event);
    }
}
