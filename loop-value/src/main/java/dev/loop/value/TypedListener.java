package dev.loop.value;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A message listener for one type of message, for the {@code onMessage(Class, listener)} methods of
 * workers, ports and child processes: it hands each message over as that type, and a message of
 * another type is a bug to hear about, so it throws (the loop reports it as it reports any
 * callback's exception) instead of skipping it.
 */
public final class TypedListener {

    private TypedListener() {
    }

    /**
     * A listener of any message that passes each one to {@code listener} as a {@code type}.
     *
     * @param type the messages' type; a primitive's wrapper for numbers ({@code Integer.class})
     * @param listener receives them
     * @param <T> the type
     * @return the listener of any message
     * @throws NullPointerException if an argument is null
     */
    public static <T> Consumer<Object> of(Class<T> type, Consumer<? super T> listener) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(listener, "listener");
        return message -> {
            if (message != null && !type.isInstance(message)) {
                throw new ClassCastException("a message of type " + message.getClass().getName()
                        + " reached a listener for " + type.getName() + "; post " + type.getSimpleName()
                        + " values to it, or listen with onMessage(Consumer<Object>) and check the type");
            }
            listener.accept(type.cast(message));
        };
    }
}
