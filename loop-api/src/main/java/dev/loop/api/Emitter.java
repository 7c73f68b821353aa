package dev.loop.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The listeners of one source's {@link Event}s, and their emission: Node's {@code EventEmitter},
 * with typed events. Listeners are added, in order, and each has a {@link Registration}; the rules
 * of an emit are {@link EventSource}'s. A source keeps one and hands it out through
 * {@link EventSource#emitter()}; a class of the user's own may keep one too.
 *
 * <p>Each event's listeners are an array replaced, never changed, when one is added or removed:
 * an emit runs the array it found, which is the snapshot Node's rules ask for, and an event with
 * one listener costs a lookup, a load and a call.
 *
 * <p><b>Thread safety:</b> none: confined to the owner's thread (a source's loop thread).
 */
public final class Emitter {

    private static final Entry[] NONE = new Entry[0];
    private static final Event<?>[] NO_EVENTS = new Event<?>[0];
    private static final Entry[][] NO_LISTS = new Entry[0][];

    /**
     * The events that have had listeners, and, at the same index, their listeners now; shared
     * empty arrays until the first listener (a message that nobody listens to allocates none).
     */
    private Event<?>[] events = NO_EVENTS;
    private Entry[][] lists = NO_LISTS;
    private int size;
    /** Told of each added or removed listener's event; null for none. */
    private final Consumer<Event<?>> changed;

    /** An emitter that tells nobody when its listeners change. */
    public Emitter() {
        this(null);
    }

    /**
     * An emitter that tells its source when listeners come and go: how a stream starts reading
     * when its first data listener is added, or a port lets its loop go when its last message
     * listener is removed.
     *
     * @param changed runs after a listener is added or removed (a one-time listener is removed
     *     just before it runs), with its event, on the owner's thread; null for none
     */
    public Emitter(Consumer<Event<?>> changed) {
        this.changed = changed;
    }

    /** One registration of one listener. */
    private static final class Entry implements Registration {
        private final Emitter emitter;
        private final Event<?> event;
        private final Consumer<Object> listener;
        private final boolean once;
        /** A one-time listener ran (in this emit or a nested one). */
        private boolean fired;

        Entry(Emitter emitter, Event<?> event, Consumer<Object> listener, boolean once) {
            this.emitter = emitter;
            this.event = event;
            this.listener = listener;
            this.once = once;
        }

        @Override
        public void close() {
            emitter.remove(event, this);
        }
    }

    /**
     * Adds a listener of {@code event}.
     *
     * @param event the event
     * @param listener hears each one, from the next emitted
     * @param <T> what it receives
     * @return its registration
     */
    public <T> Registration on(Event<T> event, Consumer<? super T> listener) {
        return add(event, listener, false);
    }

    /**
     * Adds a listener of an event without a payload.
     *
     * @param event the event
     * @param listener runs for each one
     * @return its registration
     */
    public Registration on(Event<Void> event, Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        return add(event, ignored -> listener.run(), false);
    }

    /**
     * Adds a listener that hears the next {@code event} only.
     *
     * @param event the event
     * @param listener hears the next one
     * @param <T> what it receives
     * @return its registration
     */
    public <T> Registration once(Event<T> event, Consumer<? super T> listener) {
        return add(event, listener, true);
    }

    /**
     * Adds a listener that runs for the next {@code event} only.
     *
     * @param event the event
     * @param listener runs once
     * @return its registration
     */
    public Registration once(Event<Void> event, Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        return add(event, ignored -> listener.run(), true);
    }

    /**
     * How many listeners {@code event} has now.
     *
     * @param event the event
     * @return the count
     */
    public int listenerCount(Event<?> event) {
        return listeners(event).length;
    }

    /**
     * Emits {@code event} with {@code value} to its listeners, in the order they were added.
     *
     * @param event the event
     * @param value the payload
     * @param <T> its type
     * @return whether it had listeners
     */
    public <T> boolean emit(Event<T> event, T value) {
        Entry[] snapshot = listeners(event);
        for (Entry entry : snapshot) {
            if (entry.once) {
                if (entry.fired) {
                    continue; // a nested emit of the same event ran it
                }
                entry.fired = true;
                remove(event, entry);
            }
            entry.listener.accept(value);
        }
        return snapshot.length > 0;
    }

    /**
     * Emits an event without a payload.
     *
     * @param event the event
     * @return whether it had listeners
     */
    public boolean emit(Event<Void> event) {
        return emit(event, null);
    }

    @SuppressWarnings("unchecked")
    private Registration add(Event<?> event, Consumer<?> listener, boolean once) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(listener, "listener");
        Entry entry = new Entry(this, event, (Consumer<Object>) listener, once);
        int at = indexOf(event);
        if (at < 0) {
            if (size == events.length) {
                events = Arrays.copyOf(events, Math.max(4, 2 * size));
                lists = Arrays.copyOf(lists, Math.max(4, 2 * size));
            }
            at = size++;
            events[at] = event;
            lists[at] = NONE;
        }
        Entry[] old = lists[at];
        Entry[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = entry;
        lists[at] = grown;
        if (changed != null) {
            changed.accept(event);
        }
        return entry;
    }

    private void remove(Event<?> event, Entry entry) {
        int at = indexOf(event);
        if (at < 0) {
            return;
        }
        Entry[] old = lists[at];
        for (int i = 0; i < old.length; i++) {
            if (old[i] == entry) {
                Entry[] shrunk = new Entry[old.length - 1];
                System.arraycopy(old, 0, shrunk, 0, i);
                System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                lists[at] = shrunk.length == 0 ? NONE : shrunk;
                if (changed != null) {
                    changed.accept(event);
                }
                return;
            }
        }
    }

    private Entry[] listeners(Event<?> event) {
        int at = indexOf(event);
        return at < 0 ? NONE : lists[at];
    }

    private int indexOf(Event<?> event) {
        for (int i = 0; i < size; i++) {
            if (events[i] == event) {
                return i;
            }
        }
        return -1;
    }
}
