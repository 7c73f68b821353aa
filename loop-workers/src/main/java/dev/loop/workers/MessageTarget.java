package dev.loop.workers;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.value.DataCloneException;
import dev.loop.value.Serialized;
import dev.loop.spi.LoopContext;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@link MessagePort} and {@link BroadcastChannel} share: they receive messages on one loop.
 *
 * <p>A target is <em>started</em> by {@link #onMessage} (or {@link #start()}), which binds it to
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
public abstract sealed class MessageTarget<S extends MessageTarget<S>> permits MessagePort, BroadcastChannel {

    private static final System.Logger LOG = System.getLogger(MessageTarget.class.getName());

    // Owned by the loop thread of `loop` once bound.
    private EventLoop loop;
    private Mailbox.Delivery delivery;
    private Handle keepAlive;
    private boolean referenced = true;
    private boolean finished;
    private Consumer<Object> onMessage;
    private Consumer<DataCloneException> onMessageError;
    private Runnable onClose;

    MessageTarget() {
    }

    abstract Mailbox mailbox();

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /**
     * Sets the message listener and starts the target. Messages posted before are delivered now,
     * in order.
     *
     * @param listener receives each message's value, a copy made for this receiver
     * @return this
     * @throws IllegalStateException off a loop thread, or on another loop's thread than the one
     *     that started it
     */
    public S onMessage(Consumer<Object> listener) {
        Objects.requireNonNull(listener, "listener");
        bind("onMessage");
        onMessage = listener;
        updateKeepAlive();
        return self();
    }

    /**
     * Sets the listener for messages that arrived but could not be deserialized here (a record's
     * constructor or a codec threw). Without one, such failures are logged as warnings.
     *
     * @param listener receives the error, which names the path
     * @return this
     */
    public S onMessageError(Consumer<DataCloneException> listener) {
        requireOwner("onMessageError");
        onMessageError = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /**
     * Sets the listener that runs once the channel has closed and every message accepted before
     * the close has been delivered.
     *
     * @param listener the close listener
     * @return this
     */
    public S onClose(Runnable listener) {
        requireOwner("onClose");
        onClose = Objects.requireNonNull(listener, "listener");
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
        onMessage = null;
        updateKeepAlive();
    }

    private void updateKeepAlive() {
        boolean wanted = loop != null && referenced && onMessage != null && !finished;
        if (wanted && keepAlive == null) {
            keepAlive = loop.keepAlive();
        } else if (!wanted && keepAlive != null) {
            keepAlive.close();
            keepAlive = null;
        }
    }

    private void receive(Object item) {
        dispatch(item, onMessage, onMessageError, this, control -> {
            if (control instanceof Control.Closed) {
                detach();
                closedHere();
                if (onClose != null) {
                    onClose.run();
                }
            }
        });
    }

    /** Called on the loop thread when the close marker arrives, before the close listener. */
    void closedHere() {
    }

    /**
     * Hands one mailbox item over on the receiver's loop thread, for every kind of receiver (ports,
     * broadcast channels, a worker's parent side): a snapshot is deserialized and goes to the
     * message listener, or its failure to the messageerror listener (logged when there is none); a
     * deeply immutable value, posted as it is, goes to the message listener; a control marker goes
     * to {@code control}.
     */
    static void dispatch(Object item, Consumer<Object> onMessage, Consumer<DataCloneException> onMessageError,
            Object receiver, Consumer<Control> control) {
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
                    if (onMessageError != null) {
                        onMessageError.accept(e);
                    } else {
                        LOG.log(Level.WARNING, "a message to " + receiver + " could not be deserialized and was dropped;"
                                + " set onMessageError to handle it", e);
                    }
                    return;
                }
            }
            default -> value = item;
        }
        if (onMessage != null) {
            onMessage.accept(value);
        }
    }

    /** Closes the target as its thread ends (a worker exiting). */
    abstract void closeForExit();
}
