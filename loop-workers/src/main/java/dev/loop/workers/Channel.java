package dev.loop.workers;

import dev.loop.value.DataCloneException;
import dev.loop.value.StructuredClone;
import java.util.Collection;

/**
 * Two entangled mailboxes and whether their channel is open.
 *
 * <p>Invariant: a message is accepted (its transfers committed, and put) or refused as one step
 * holding the receiving mailbox's lock, and {@link #close()} marks the channel closed and puts
 * {@link Control.Closed} into both mailboxes holding both locks (taken in one order: first, then
 * second). So every accepted message is ahead of the close marker in its mailbox and is delivered
 * before the close event, whichever side closes and on whichever thread, and every refused
 * message throws at its sender having detached nothing. The value is copied before the lock is
 * taken ({@link StructuredClone#prepare}), so no code of the value's runs under it, and no lock is
 * taken while it is held: a transfer's commit detaches the moved port without one
 * ({@link Mailbox#detach}).
 */
final class Channel {

    final Mailbox first = new Mailbox();
    final Mailbox second = new Mailbox();
    /** Written holding both locks; volatile so that isClosed() needs none (see there). */
    private volatile boolean closed;

    Mailbox peerOf(Mailbox mine) {
        return mine == first ? second : first;
    }

    /** Any thread. */
    void post(Mailbox to, Object value, Collection<?> transferList) {
        if (closed) {
            throw closedError();
        }
        // A deeply immutable value crosses as it is: one allocation less per message. A mailbox
        // item is therefore a Serialized snapshot, a Control marker, or such a value. The copy is
        // made before the lock (a record's accessors and codecs run there, and may post too); the
        // transfers happen under it, only if the message is accepted, and run no code of the value's.
        Object item = !transferList.isEmpty() ? StructuredClone.prepare(value, transferList)
                : value != null && StructuredClone.isShareable(value) && !(value instanceof Control) ? value
                : StructuredClone.serialize(value, transferList);
        to.lock();
        try {
            if (closed) {
                throw closedError();
            }
            to.put(item instanceof StructuredClone.Prepared prepared ? prepared.commit() : item);
        } finally {
            to.unlock();
        }
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("this port is closed: its channel was closed by one side, so nothing"
                + " posted now could be received; check the port's close event before posting");
    }

    /**
     * Any thread: puts a worker's own marker (online, failed, exited), which comes whether or not
     * the channel is closed: the exit follows the close.
     */
    void putControl(Mailbox to, Control marker) {
        to.putLocked(marker);
    }

    /** Any thread; the second and later calls do nothing. Returns whether this call closed it. */
    boolean close() {
        first.lock();
        second.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            first.put(Control.Closed.INSTANCE);
            second.put(Control.Closed.INSTANCE);
            return true;
        } finally {
            second.unlock();
            first.unlock();
        }
    }

    /**
     * Without a lock: a port is checked while another channel's lock is held (a transfer inside
     * a post), and taking this one too could deadlock two posts that transfer each other's ports.
     */
    boolean isClosed() {
        return closed;
    }

    static DataCloneException sourcePort() {
        return new DataCloneException("$transferList", "the transfer list contains the port the message is posted"
                + " through (or its peer); a port cannot be sent through its own channel");
    }
}
