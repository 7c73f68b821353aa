package dev.loop.core;

/**
 * The check phase's queue (step 5 of an iteration): an intrusive doubly-linked list of
 * {@link ImmediateHandle}s, so cancelling is O(1) and adding allocates nothing beyond the handle.
 * {@link #takeQueued()} detaches the whole list at the start of the phase; immediates added while
 * it runs go to the other list and wait for the next iteration, as in Node.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class ImmediateQueue {

    /** One list; a handle knows which list holds it, so it can unlink itself. */
    static final class List {
        ImmediateHandle head;
        ImmediateHandle tail;

        boolean isEmpty() {
            return head == null;
        }

        void add(ImmediateHandle node) {
            node.list = this;
            node.prev = tail;
            node.next = null;
            if (tail == null) {
                head = node;
            } else {
                tail.next = node;
            }
            tail = node;
        }

        void remove(ImmediateHandle node) {
            if (node.prev == null) {
                head = node.next;
            } else {
                node.prev.next = node.next;
            }
            if (node.next == null) {
                tail = node.prev;
            } else {
                node.next.prev = node.prev;
            }
            node.prev = null;
            node.next = null;
            node.list = null;
        }

        ImmediateHandle poll() {
            ImmediateHandle node = head;
            if (node != null) {
                remove(node);
            }
            return node;
        }
    }

    private List queued = new List();
    private List spare = new List();
    /**
     * Referenced immediates waiting, in either list: while above 0 the poll phase does not block
     * and the loop is alive. The loop counts them nowhere else.
     */
    private int refCount;

    void add(ImmediateHandle node) {
        queued.add(node);
        if (node.hasRefUnchecked()) {
            refCount++;
        }
    }

    /** Unlinks a waiting immediate from whichever list holds it. */
    void remove(ImmediateHandle node) {
        node.list.remove(node);
        if (node.hasRefUnchecked()) {
            refCount--;
        }
    }

    void refChanged(boolean ref) {
        refCount += ref ? 1 : -1;
    }

    boolean hasRefed() {
        return refCount > 0;
    }

    /** How many referenced immediates wait. */
    int refed() {
        return refCount;
    }

    boolean isEmpty() {
        return queued.isEmpty();
    }

    /** Detaches every immediate queued so far; later ones go to a fresh list. */
    List takeQueued() {
        List taken = queued;
        // The two lists alternate, so a check phase allocates nothing; the previous one is empty
        // unless a close cut its pass short.
        queued = spare.isEmpty() ? spare : new List();
        spare = taken;
        return taken;
    }

    /** Drops every waiting immediate (the loop closed): none runs. */
    void clear() {
        queued = new List();
        spare = new List();
        refCount = 0;
    }

    /** Called for a handle {@link List#poll() polled} from a taken list, just before it runs. */
    void taken(ImmediateHandle node) {
        if (node.hasRefUnchecked()) {
            refCount--;
        }
    }
}
