package dev.loop.process;

import java.util.List;

/**
 * The messages a forked child never acknowledged: sent to it, and never returned from its message
 * callback, because it died (or disconnected) first. A message counts as acknowledged once the
 * child's callback for it has returned; the child records that in shared memory, so it costs no
 * message back. {@link ChildProcess#respawn()} delivers these to a new child, in order, before
 * anything sent later.
 *
 * @param messages the parent's copies of the values, oldest first
 * @param firstMayHaveBeenProcessed whether the first of them was in its callback when the child
 *     died, so the child may have processed it, in whole or in part; every other one never
 *     reached a callback
 */
public record Unacknowledged(List<Object> messages, boolean firstMayHaveBeenProcessed) {

    /** Copies the list. */
    public Unacknowledged {
        messages = List.copyOf(messages);
    }

    static final Unacknowledged NONE = new Unacknowledged(List.of(), false);
}
