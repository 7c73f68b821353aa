package dev.loop.workers;

import dev.loop.value.DataCloneException;
import dev.loop.value.StructuredClone;
import java.util.Collection;

/**
 * Two entangled mailboxes and whether their channel is open.
 *
 * <p>Invariant: a message is accepted (serialized, its transfers committed, and put) or refused
 * as one step under this object's lock, and {@link #close()} marks the channel closed and puts
 * {@link Control.Closed} into both mailboxes under the same lock. So every accepted message is
 * ahead of the close marker in its mailbox and is delivered before the close event, whichever
 * side closes and on whichever thread, and every refused message throws at its sender having
 * detached nothing.
 */
final class Channel {

    final Mailbox first = new Mailbox();
    final Mailbox second = new Mailbox();
    /** Written under this object's lock; volatile so that isClosed() needs no lock (see there). */
    private volatile boolean closed;

    Mailbox peerOf(Mailbox mine) {
        return mine == first ? second : first;
    }

    /** Any thread. */
    synchronized void post(Mailbox to, Object value, Collection<?> transferList) {
        if (closed) {
            throw new IllegalStateException("this port is closed: its channel was closed by one side, so nothing"
                    + " posted now could be received; check the port's close event before posting");
        }
        // A deeply immutable value crosses as it is: one allocation less per message. A mailbox
        // item is therefore a Serialized snapshot, a Control marker, or such a value.
        to.put(transferList.isEmpty() && value != null && StructuredClone.isShareable(value)
                && !(value instanceof Control) ? value : StructuredClone.serialize(value, transferList));
    }

    /** Any thread; the second and later calls do nothing. Returns whether this call closed it. */
    synchronized boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        first.put(Control.Closed.INSTANCE);
        second.put(Control.Closed.INSTANCE);
        return true;
    }

    /**
     * Without the lock: a port is checked while another channel's lock is held (a transfer inside
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
