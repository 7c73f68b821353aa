/**
 * Workers: {@link dev.loop.workers.Worker} threads that each run their own event loop, and the
 * channels between loops, {@link dev.loop.workers.MessageChannel},
 * {@link dev.loop.workers.MessagePort} and {@link dev.loop.workers.BroadcastChannel}. Messages are
 * structured values ({@code dev.loop.value}, in loop-value); shared memory is
 * {@code dev.loop.value.shared}.
 */
module dev.loop.workers {
    // requires: the values we post (and the loop API they bring) appear in our signatures;
    // the lock-free queue behind each mailbox
    requires transitive dev.loop.value;
    // requires: lifecycle events for JFR, off unless a recording enables them
    requires jdk.jfr;
    requires org.jctools.core;

    // exports: the workers API
    exports dev.loop.workers;
}
