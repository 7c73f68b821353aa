package dev.loop.process;

import dev.loop.process.ipc.ChannelEnd;
import dev.loop.value.DataCloneException;
import java.io.IOException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The listeners both ends of a channel have ({@link ChildProcess} on the parent's side,
 * {@link ParentPort} on the child's), and the channel's events that call them.
 *
 * <p><b>Thread safety:</b> the owning loop's thread only.
 */
final class ChannelListeners implements ChannelEnd.Events {

    Consumer<Object> onMessage;
    Consumer<DataCloneException> onMessageError;
    Runnable onDisconnect;
    Runnable onDrain;

    private final String peer;
    private final BiConsumer<String, Throwable> error;
    private final Runnable ended;

    /**
     * @param peer who is at the other end, for messages: "child" or "parent"
     * @param error where errors go (the owner's error listener, or a log)
     * @param ended what the owner does when the channel ends; it then calls {@link #disconnected()}
     */
    ChannelListeners(String peer, BiConsumer<String, Throwable> error, Runnable ended) {
        this.peer = peer;
        this.error = error;
        this.ended = ended;
    }

    @Override
    public void message(Object value) {
        if (onMessage != null) {
            onMessage.accept(value);
        }
    }

    @Override
    public void messageError(DataCloneException cause) {
        if (onMessageError != null) {
            onMessageError.accept(cause);
        } else {
            error.accept("a message from the " + peer + " could not be decoded", cause);
        }
    }

    @Override
    public void drain() {
        if (onDrain != null) {
            onDrain.run();
        }
    }

    @Override
    public void ended(IOException failure) {
        if (failure != null) {
            error.accept("the channel from the " + peer + " is corrupted; it is disconnected", failure);
        }
        ended.run();
    }

    /** Runs the disconnect listener. */
    void disconnected() {
        if (onDisconnect != null) {
            onDisconnect.run();
        }
    }
}
