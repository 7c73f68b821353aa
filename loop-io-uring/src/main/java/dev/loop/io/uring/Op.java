package dev.loop.io.uring;

/**
 * An operation submitted to the ring: it owns whatever the kernel reads or writes until its last
 * completion arrives (native buffers, a path, a statx record), and turns that completion into the
 * caller's. Its slot in the backend's table is its {@code user_data}.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
abstract class Op {

    /** This operation's index in the backend's table, while it is in flight; -1 otherwise. */
    int slot = -1;

    /**
     * A completion entry for this operation arrived.
     *
     * @param result the entry's {@code res}: a count, a descriptor, or {@code -errno}
     * @param flags the entry's flags
     * @param last false when more completions will follow for it (a multishot operation)
     */
    abstract void completed(int result, int flags, boolean last);
}
