package dev.loop.workers;

/** Items in a mailbox besides messages, which are {@link dev.loop.value.Serialized} snapshots. */
sealed interface Control {

    /** The channel closed: nothing follows from the peer. */
    record Closed() implements Control {
        static final Closed INSTANCE = new Closed();
    }

    /** The worker started running its entry point. */
    record Online() implements Control {
    }

    /** The worker stopped on an uncaught exception. */
    record Failed(Throwable error) implements Control {
    }

    /** The worker's thread is about to end with this code; always the last item. */
    record Exited(int code) implements Control {
    }
}
