package dev.loop.workers;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
import dev.loop.api.Handle;
import dev.loop.api.Registration;
import dev.loop.value.DataCloneException;
import dev.loop.value.Serialized;
import dev.loop.value.TypedListener;
import dev.loop.spi.LoopContext;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@link MessagePort} and {@link BroadcastChannel} share: they receive messages on one loop.
 *
 * <p>Events: {@link #MESSAGE}, {@link #MESSAGE_ERROR} and {@link #CLOSE}, with listeners added in
 * order ({@link EventSource}).
 *
 * <p>A target is <em>started</em> by its first message listener (or {@link #start()}), which binds it to
 * the loop of the calling thread; until then messages wait in its queue. Messages are delivered in
 * the loop's poll phase, one callback each, in the order they were posted, with nextTicks and
 * microtasks drained after each. While started, referenced and listening, the target keeps its
 * loop alive, as in Node; {@link #unref()} lets the loop end without it. After the channel closes,
 * the messages accepted before the close are still delivered, then the close listener runs and
 * the loop is released.
 *
 * <p>{@link #receiveMessage()} takes a message synchronously instead, started or not.
 *
 * <p><b>Threads:</b> the listener methods, {@code start}, {@code ref}, {@code unref} and
 * {@code receiveMessage} run on the loop thread that owns the target (the first to start it);
 * before it is started, {@code receiveMessage} may run on the thread that holds it, one thread at
 * a time. Posting is allowed from any thread.
 *
 * @param <S> the concrete type, returned by the fluent methods
 */
public abstract sealed class MessageTarget<S extends MessageTarget<S>> implements EventSource
        permits MessagePort, BroadcastChannel {

    /** A message ({@code 'message'}): the value, a copy made for this receiver. */
    public static final Event<Object> MESSAGE = Event.named("message");
    /**
     * A message that arrived but could not be deserialized here (a record's constructor or a codec
     * threw) ({@code 'messageerror'}); the error names the path. Without a listener it is logged.
     */
    public static final Event<DataCloneException> MESSAGE_ERROR = Event.named("messageerror");
    /** The channel closed and every message accepted before the close was delivered ({@code 'close'}). */
    public static final Event<Void> CLOSE = Event.named("close");

    private static final System.Logger LOG = System.getLogger(MessageTarget.class.getName());
    /** What {@code activeResources()} lists a started, referenced port as. */
    private static final dev.loop.api.ResourceKind PORT_KIND = dev.loop.api.ResourceKind.of("MessagePort");
    /** What {@code activeResources()} lists a started, referenced broadcast channel as. */
    private static final dev.loop.api.ResourceKind CHANNEL_KIND = dev.loop.api.ResourceKind.of("BroadcastChannel");

    // Owned by the loop thread of `loop` once bound.
    private EventLoop loop;
    private Mailbox.Delivery delivery;
    private Handle keepAlive;
    private boolean referenced = true;
    private boolean finished;
    private final Emitter events = new Emitter(event -> {
        if (event == MESSAGE) {
            messageListenersChanged();
        }
    });

    MessageTarget() {
    }

    abstract Mailbox mailbox();

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    @Override
    public Emitter emitter() {
        requireOwner("emitter");
        return events;
    }

    @Override
    public <T> Registration on(Event<T> event, Consumer<? super T> listener) {
        startIfMessage(event);
        return EventSource.super.on(event, listener);
    }

    @Override
    public <T> Registration once(Event<T> event, Consumer<? super T> listener) {
        startIfMessage(event);
        return EventSource.super.once(event, listener);
    }

    /** A message listener starts the target, before it is added: off a loop thread, neither happens. */
    private void startIfMessage(Event<?> event) {
        if (event == MESSAGE) {
            bind("onMessage");
        }
    }

    private void messageListenersChanged() {
        if (!bound()) {
            bind("onMessage"); // added through emitter() directly
        }
        updateKeepAlive();
    }

    /**
     * Adds a listener of {@link #MESSAGE} and starts the target. Messages posted before are
     * delivered now, in order.
     *
     * @param listener receives each message's value, a copy made for this receiver
     * @return this
     * @throws IllegalStateException off a loop thread, or on another loop's thread than the one
     *     that started it
     */
    public S onMessage(Consumer<Object> listener) {
        on(MESSAGE, listener);
        return self();
    }

    /**
     * Adds a listener of {@link #MESSAGE} for messages of one type, and starts the target: each
     * arrives as a {@code type}, with no cast. A message of another type throws
     * {@link ClassCastException} from the listener, reported as any callback's exception.
     *
     * @param type the messages' type
     * @param listener receives each message
     * @param <T> the type
     * @return this
     */
    public <T> S onMessage(Class<T> type, Consumer<? super T> listener) {
        return onMessage(TypedListener.of(type, listener));
    }

    /**
     * Adds a listener of {@link #MESSAGE_ERROR}. Without one, such failures are logged as warnings.
     *
     * @param listener receives the error, which names the path
     * @return this
     */
    public S onMessageError(Consumer<DataCloneException> listener) {
        on(MESSAGE_ERROR, listener);
        return self();
    }

    /**
     * Adds a listener of {@link #CLOSE}: the channel has closed and every message accepted before
     * the close has been delivered.
     *
     * @param listener the close listener
     * @return this
     */
    public S onClose(Runnable listener) {
        on(CLOSE, listener);
        return self();
    }

    /**
     * Starts delivery without setting a listener (Node's {@code port.start()}); messages that
     * arrive with no listener are dropped.
     *
     * @return this
     * @throws IllegalStateException as {@link #onMessage}
     */
    public S start() {
        bind("start");
        return self();
    }

    /**
     * Lets this target keep its loop alive again while it listens (the default).
     *
     * @return this
     */
    public S ref() {
        requireOwner("ref");
        referenced = true;
        updateKeepAlive();
        return self();
    }

    /**
     * Stops this target from keeping its loop alive; messages are still delivered while the loop
     * runs for other reasons.
     *
     * @return this
     */
    public S unref() {
        requireOwner("unref");
        referenced = false;
        updateKeepAlive();
        return self();
    }

    /**
     * Whether this target keeps its loop alive now.
     *
     * @return whether it holds a reference
     */
    public boolean hasRef() {
        return keepAlive != null;
    }

    /**
     * Takes the next message now, if one has arrived (Node's {@code receiveMessageOnPort}). The
     * message is not delivered to the listener. It works whether or not the target is started:
     * a thread that only waits, such as one blocked in {@code Atomics.wait} for a worker's
     * signal, can read the worker's messages without a loop. Messages posted before the channel
     * closed can still be taken after it; the close itself is never taken here, and reaches the
     * close listener once the target is started.
     *
     * @return the message, or empty when none is waiting (or only the close is)
     * @throws DataCloneException if the message arrived but cannot be deserialized here; it is
     *     consumed, and the next call returns the message after it
     * @throws IllegalStateException if the target is started and this is not its loop's thread,
     *     or if it is a port that was transferred away
     */
    public Optional<ReceivedMessage> receiveMessage() {
        requireOwner("receiveMessage");
        requireReceivable();
        Object item = mailbox().takeUnlessControl();
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new ReceivedMessage(item instanceof Serialized message ? message.deserialize() : item));
    }

    /** Throws if this target can no longer receive here (a transferred port). */
    void requireReceivable() {
    }

    /** Binds to the calling thread's loop, once; the target is owned by that loop from then on. */
    final void bind(String operation) {
        if (loop != null) {
            if (!loop.inLoop()) {
                throw new IllegalStateException(operation + " must run on the thread of the loop that started this "
                        + getClass().getSimpleName() + " (" + loop + "), not on " + Thread.currentThread().getName());
            }
            return;
        }
        loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(operation + " needs a loop thread:"
                + " call it from a callback, a worker's entry point, or the thread that created a loop"));
        delivery = new Mailbox.Delivery(mailbox(), LoopContext.of(loop), this::receive);
        Worker.adopt(this);
        if (!finished) {
            mailbox().attach(delivery);
        }
    }

    /** Whether a loop took this target. */
    final boolean bound() {
        return loop != null;
    }

    final void requireOwner(String operation) {
        if (loop != null && !loop.inLoop()) {
            throw new IllegalStateException(operation + " must run on the thread of the loop that owns this "
                    + getClass().getSimpleName() + " (" + loop + "), not on " + Thread.currentThread().getName()
                    + "; hand the work to that loop with execute(...)");
        }
    }

    /** Stops delivery here for good, without a close event: the target was transferred. */
    final void detach() {
        finished = true;
        Worker.forget(this);
        if (delivery != null) {
            mailbox().detach(delivery);
        }
        updateKeepAlive(); // finished: it keeps nothing alive, whatever listeners stay
    }

    private void updateKeepAlive() {
        boolean wanted = loop != null && referenced && events.listenerCount(MESSAGE) > 0 && !finished;
        if (wanted && keepAlive == null) {
            keepAlive = loop.keepAlive(this instanceof MessagePort ? PORT_KIND : CHANNEL_KIND);
        } else if (!wanted && keepAlive != null) {
            keepAlive.close();
            keepAlive = null;
        }
    }

    private void receive(Object item) {
        dispatch(item, events, this, control -> {
            if (control instanceof Control.Closed) {
                detach();
                closedHere();
                events.emit(CLOSE);
            }
        });
    }

    /** Called on the loop thread when the close marker arrives, before the close listener. */
    void closedHere() {
    }

    /**
     * Hands one mailbox item over on the receiver's loop thread, for every kind of receiver (ports,
     * broadcast channels, a worker's parent side): a snapshot is deserialized and emitted as
     * {@link #MESSAGE}, or its failure as {@link #MESSAGE_ERROR} (logged when nobody listens); a
     * deeply immutable value, posted as it is, is emitted as it is; a control marker goes to
     * {@code control}.
     */
    static void dispatch(Object item, Emitter events, Object receiver, Consumer<Control> control) {
        Object value;
        switch (item) {
            case Control marker -> {
                control.accept(marker);
                return;
            }
            case Serialized message -> {
                try {
                    value = message.deserialize();
                } catch (DataCloneException e) {
                    if (!events.emit(MESSAGE_ERROR, e)) {
                        LOG.log(Level.WARNING, "a message to " + receiver + " could not be deserialized and was dropped;"
                                + " listen for messageerror to handle it", e);
                    }
                    return;
                }
            }
            default -> value = item;
        }
        events.emit(MESSAGE, value);
    }

    /** Closes the target as its thread ends (a worker exiting). */
    abstract void closeForExit();
}
