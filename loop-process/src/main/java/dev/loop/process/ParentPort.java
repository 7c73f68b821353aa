package dev.loop.process;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
import dev.loop.api.Handle;
import dev.loop.process.ipc.ChannelEnd;
import dev.loop.value.DataCloneException;
import dev.loop.value.TypedListener;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A forked child's end of its channel to the parent (Node's {@code process.send} and
 * {@code process.on('message')}), from {@link ChildContext#parentPort()}. Its listeners run on the
 * loop it was taken on: messages in the order the parent sent them, then disconnect.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     EventLoop.create().run(() -> {
 *         ParentPort parent = ChildContext.parentPort();
 *         parent.onMessage(data -> parent.send(process(data)));
 *     });
 * }
 * }</pre>
 *
 * <p><b>Events</b>: {@link #MESSAGE}, {@link #MESSAGE_ERROR}, {@link #DISCONNECT} and
 * {@link #DRAIN}, with listeners added in order ({@link EventSource}).
 *
 * <p><b>Liveness.</b> As in Node, the port keeps its loop alive while it has a message listener and
 * the channel is connected; {@link #unref()} stops that. When the parent disconnects, the
 * disconnect listeners run and the loop may end.
 *
 * <p><b>Threads:</b> use it on the loop thread it was taken on.
 */
public final class ParentPort implements EventSource {

    /** What {@code activeResources()} lists a listening port as. */
    static final dev.loop.api.ResourceKind KIND = dev.loop.api.ResourceKind.of("ParentPort");

    /** A message from the parent ({@code 'message'}): this child's copy. */
    public static final Event<Object> MESSAGE = ChannelListeners.MESSAGE;
    /** A message that could not be decoded here ({@code 'messageerror'}); without a listener it is logged. */
    public static final Event<DataCloneException> MESSAGE_ERROR = ChannelListeners.MESSAGE_ERROR;
    /** The channel to the parent closed ({@code 'disconnect'}). */
    public static final Event<Void> DISCONNECT = ChannelListeners.DISCONNECT;
    /** After {@link #send} returned false, the parent has read enough ({@code 'drain'}). */
    public static final Event<Void> DRAIN = ChannelListeners.DRAIN;

    private final EventLoop loop;
    private ChannelEnd channel;
    private Handle keepAlive;
    private boolean referenced = true;
    private boolean connected = true;
    private final Emitter events = new Emitter(event -> {
        if (event == MESSAGE) {
            updateKeepAlive();
        }
    });
    private final ChannelListeners listeners = new ChannelListeners("parent", events, ParentPort::warn, this::disconnected);

    ParentPort(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    ChannelEnd channel() {
        return channel;
    }

    void attach(ChannelEnd channel) {
        this.channel = channel;
    }

    ChannelEnd.Events events() {
        return listeners;
    }

    private void disconnected() {
        connected = false;
        updateKeepAlive();
        // Unmapped on the loop, after every task that may still touch the files.
        dev.loop.spi.LoopContext context = dev.loop.spi.LoopContext.of(loop);
        channel.threadEnded().thenRun(() -> {
            if (!context.deliverUnlessClosed(channel::release)) {
                channel.release();
            }
        });
        listeners.disconnected();
    }

    private static void warn(String message, Throwable cause) {
        System.getLogger(ParentPort.class.getName()).log(System.Logger.Level.WARNING, message, cause);
    }

    /**
     * Sends {@code value} to the parent, whose {@code ChildProcess} message listener gets a copy.
     *
     * @param value a structured value
     * @return false when the messages the parent has not read yet reach the high-water mark (a
     *     drain event follows)
     * @throws DataCloneException if the value cannot be sent; nothing was sent
     * @throws IllegalStateException if the channel is disconnected
     */
    public boolean send(Object value) {
        checkLoopThread("ParentPort.send");
        return channel.send(value);
    }

    /** Closes the channel to the parent; messages sent so far are still delivered. */
    public void disconnect() {
        checkLoopThread("ParentPort.disconnect");
        if (connected && channel.disconnect()) {
            loop.nextTick(this::disconnected);
        }
    }

    /**
     * Whether the message being handled now may have been processed already: this child was
     * started by {@code ChildProcess.respawn()}, and its previous incarnation died while this
     * message was in its callback. At most the first message a respawned child receives is so
     * marked; every other message reaches exactly one callback. Call it from the message listener.
     *
     * @return true during that one message's callback
     */
    public boolean redelivered() {
        checkLoopThread("ParentPort.redelivered");
        return channel.handlingRedelivery();
    }

    /**
     * Whether the channel is open.
     *
     * @return false after a disconnect from either side
     */
    public boolean connected() {
        return connected;
    }

    @Override
    public Emitter emitter() {
        checkLoopThread("ParentPort.emitter");
        return events;
    }

    /**
     * Adds a listener of {@link #MESSAGE}; while there is one and the channel is connected, the
     * port keeps its loop alive (unless {@link #unref()}'d).
     *
     * @param listener the listener
     * @return this
     */
    public ParentPort onMessage(Consumer<Object> listener) {
        on(MESSAGE, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #MESSAGE} for messages of one type: each arrives as a
     * {@code type}, with no cast. A message of another type throws {@link ClassCastException}
     * from the listener, reported as any callback's exception.
     *
     * @param type the messages' type
     * @param listener receives each message
     * @param <T> the type
     * @return this
     */
    public <T> ParentPort onMessage(Class<T> type, Consumer<? super T> listener) {
        return onMessage(TypedListener.of(type, listener));
    }

    /**
     * Adds a listener of {@link #MESSAGE_ERROR}; without one, such messages are logged.
     *
     * @param listener the listener
     * @return this
     */
    public ParentPort onMessageError(Consumer<DataCloneException> listener) {
        on(MESSAGE_ERROR, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #DISCONNECT}.
     *
     * @param listener the listener
     * @return this
     */
    public ParentPort onDisconnect(Runnable listener) {
        on(DISCONNECT, listener);
        return this;
    }

    /**
     * Adds a listener of {@link #DRAIN} (see {@link #send}).
     *
     * @param listener the listener
     * @return this
     */
    public ParentPort onDrain(Runnable listener) {
        on(DRAIN, listener);
        return this;
    }

    /**
     * The port no longer keeps its loop alive.
     *
     * @return this
     */
    public ParentPort unref() {
        referenced = false;
        updateKeepAlive();
        return this;
    }

    /**
     * The port keeps its loop alive again while it has a message listener and is connected.
     *
     * @return this
     */
    public ParentPort ref() {
        referenced = true;
        updateKeepAlive();
        return this;
    }

    private void updateKeepAlive() {
        boolean wanted = referenced && connected && events.listenerCount(MESSAGE) > 0;
        if (wanted && keepAlive == null) {
            keepAlive = loop.keepAlive(KIND);
        } else if (!wanted && keepAlive != null) {
            keepAlive.close();
            keepAlive = null;
        }
    }

    private void checkLoopThread(String method) {
        if (!loop.inLoop()) {
            throw new IllegalStateException(method + " must be called on the loop thread the port was taken on, " + loop);
        }
    }
}
