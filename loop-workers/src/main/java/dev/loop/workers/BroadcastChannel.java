package dev.loop.workers;

import dev.loop.value.Serialized;
import dev.loop.value.StructuredClone;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A named channel among the loops of this process (Node's {@code BroadcastChannel}): a message
 * posted on one instance is delivered to every other open instance with the same name, each
 * getting its own copy, in the order that poster sent them. The instance is bound to the loop
 * of the thread that creates it. See {@link MessageTarget} for delivery, liveness and threads.
 *
 * <p>After {@link #close()} the instance receives nothing new and posting on it throws; messages
 * posted to it before the close are still delivered, then its close listener runs.
 */
public final class BroadcastChannel extends MessageTarget<BroadcastChannel> {

    private static final Map<String, Set<BroadcastChannel>> GROUPS = new ConcurrentHashMap<>();

    private final String name;
    private final Mailbox mine = new Mailbox();
    /**
     * Written holding the mailbox's lock, and read there before a put: a message is put only while
     * open, so the close marker comes last. Volatile for the check at the start of a post.
     */
    private volatile boolean closed;

    /**
     * Joins the channel {@code name}, on the calling thread's loop.
     *
     * @param name the channel's name
     * @throws IllegalStateException off a loop thread
     */
    public BroadcastChannel(String name) {
        this.name = Objects.requireNonNull(name, "name");
        bind("new BroadcastChannel");
        GROUPS.compute(name, (n, group) -> { // atomically with a close() that empties the group
            Set<BroadcastChannel> members = group != null ? group : new CopyOnWriteArraySet<>();
            members.add(this);
            return members;
        });
    }

    @Override
    Mailbox mailbox() {
        return mine;
    }

    /**
     * The channel's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Posts a copy of {@code value} to every other open instance of this channel. Any thread may
     * call it.
     *
     * @param value the message
     * @throws dev.loop.value.DataCloneException if the value cannot be cloned; nothing is sent
     * @throws IllegalStateException if this instance is closed
     */
    public void postMessage(Object value) {
        if (closed) {
            throw new IllegalStateException("this BroadcastChannel '" + name + "' is closed; create a new one to post");
        }
        // The first copy is made before anyone receives anything, so a value that cannot be
        // cloned reaches nobody; each further receiver gets a copy of its own.
        Serialized copy = StructuredClone.serialize(value, List.of());
        for (BroadcastChannel other : GROUPS.getOrDefault(name, Set.of())) {
            if (other != this && other.offer(copy)) {
                copy = StructuredClone.serialize(value, List.of());
            }
        }
    }

    private boolean offer(Serialized copy) {
        mine.lock();
        try {
            if (closed) {
                return false;
            }
            mine.put(copy);
            return true;
        } finally {
            mine.unlock();
        }
    }

    /** Leaves the channel; calls after the first do nothing. Any thread may call it. */
    public void close() {
        mine.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            mine.put(Control.Closed.INSTANCE);
        } finally {
            mine.unlock();
        }
        GROUPS.computeIfPresent(name, (n, group) -> {
            group.remove(this);
            return group.isEmpty() ? null : group;
        });
    }

    @Override
    void closeForExit() {
        close();
    }

    @Override
    public String toString() {
        return "BroadcastChannel[" + name + "]";
    }
}
