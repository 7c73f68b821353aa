package dev.loop.core;

/**
 * An entry in a pending promise's reaction list, and the PromiseReactionJob that runs as a
 * microtask once that promise settles. A derived promise is its own node (see {@link CorePromise}),
 * so a {@code then} allocates one object.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
abstract class ReactionNode implements Runnable {

    /** The next reaction of the same source while the source is pending. */
    ReactionNode nextReaction;
}
