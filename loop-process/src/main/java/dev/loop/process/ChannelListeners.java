package dev.loop.process;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.process.ipc.ChannelEnd;
import dev.loop.value.DataCloneException;
import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * The events both ends of a channel have ({@link ChildProcess} on the parent's side,
 * {@link ParentPort} on the child's), and the channel's calls that emit them into the owner's
 * {@link Emitter}.
 *
 * <p><b>Thread safety:</b> the owning loop's thread only.
 */
final class ChannelListeners implements ChannelEnd.Events {

    /** A message from the other end ({@code 'message'}): the receiver's copy. */
    static final Event<Object> MESSAGE = Event.named("message");
    /** A message that could not be decoded here ({@code 'messageerror'}). */
    static final Event<DataCloneException> MESSAGE_ERROR = Event.named("messageerror");
    /** The channel closed ({@code 'disconnect'}). */
    static final Event<Void> DISCONNECT = Event.named("disconnect");
    /** After a send returned false, the other end has read enough ({@code 'drain'}). */
    static final Event<Void> DRAIN = Event.named("drain");

    private final String peer;
    private final Emitter events;
    private final BiConsumer<String, Throwable> error;
    private final Runnable ended;

    /**
     * @param peer who is at the other end, for messages: "child" or "parent"
     * @param events the owner's emitter
     * @param error where errors go (the owner's error listeners, or a log)
     * @param ended what the owner does when the channel ends; it then calls {@link #disconnected()}
     */
    ChannelListeners(String peer, Emitter events, BiConsumer<String, Throwable> error, Runnable ended) {
        this.peer = peer;
        this.events = events;
        this.error = error;
        this.ended = ended;
    }

    @Override
    public void message(Object value) {
        events.emit(MESSAGE, value);
    }

    @Override
    public void messageError(DataCloneException cause) {
        if (!events.emit(MESSAGE_ERROR, cause)) {
            error.accept("a message from the " + peer + " could not be decoded", cause);
        }
    }

    @Override
    public void drain() {
        events.emit(DRAIN);
    }

    @Override
    public void ended(IOException failure) {
        if (failure != null) {
            error.accept("the channel from the " + peer + " is corrupted; it is disconnected", failure);
        }
        ended.run();
    }

    /** Emits the disconnect. */
    void disconnected() {
        events.emit(DISCONNECT);
    }
}
