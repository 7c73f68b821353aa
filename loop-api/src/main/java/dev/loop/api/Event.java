package dev.loop.api;

import java.util.Objects;

/**
 * A kind of event, with the type of what its listeners receive: Node's event name, typed. The
 * classes that emit events declare theirs as constants ({@code Socket.DATA}, {@code Worker.EXIT});
 * events without a payload are {@code Event<Void>}, and their listeners are {@link Runnable}s.
 * Two events are the same only if they are the same object, so two classes may both have a
 * {@code "close"}.
 *
 * @param <T> what a listener receives
 */
public final class Event<T> {

    private final String name;

    private Event(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * A new event; declare it once, as a constant, with its payload type:
     * {@code static final Event<ByteBuffer> DATA = Event.named("data");}.
     *
     * @param name its name, as Node's event is named (for messages and {@link #toString()})
     * @param <T> what a listener receives
     * @return the event
     */
    public static <T> Event<T> named(String name) {
        return new Event<>(name);
    }

    /**
     * Its name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "'" + name + "'";
    }
}
