/**
 * Workers (DESIGN §6): {@link dev.loop.workers.Worker} threads that each run their own event loop,
 * and the channels between loops, {@link dev.loop.workers.MessageChannel},
 * {@link dev.loop.workers.MessagePort} and {@link dev.loop.workers.BroadcastChannel}. Messages are
 * structured values ({@code dev.loop.api.value}); shared memory is {@code dev.loop.api.shared}.
 */
module dev.loop.workers {
    // requires: the API (in our signatures) and the lock-free queue behind each mailbox
    requires transitive dev.loop.api;
    requires org.jctools.core;

    // exports: the workers API
    exports dev.loop.workers;
}
