package dev.loop.core;

/**
 * Step 5 of an iteration: the immediates queued before the phase began, as Node's
 * {@code processImmediate} runs them. Immediates queued while it runs wait for the next iteration.
 *
 * <p>Node's check callback first opens and closes a callback scope of its own (for native
 * immediates), which drains what a throw left in the queues; immediates queued by that drain run in
 * this phase. Between two immediates it drains once, as between two timers. When an immediate
 * throws, the next one runs undrained; and when the last immediate of a batch threw, Node calls
 * {@code processImmediate} again while work is outstanding, so the immediates queued since form
 * the next batch of this same phase. A loop closed mid-phase drops the rest with its other handles.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class CheckPhase {

    private final ImmediateQueue immediates;
    private final CallbackHost host;

    CheckPhase(ImmediateQueue immediates, CallbackHost host) {
        this.immediates = immediates;
        this.host = host;
    }

    /** Runs the immediates queued so far. */
    void run() {
        host.drain();
        if (immediates.isEmpty()) {
            return;
        }
        boolean again;
        do {
            again = runBatch(immediates.takeQueued());
        } while (again && !immediates.isEmpty());
        host.drain();
    }

    /** One call of {@code processImmediate}; true if its last immediate threw. */
    private boolean runBatch(ImmediateQueue.List queued) {
        boolean lastThrew = false;
        boolean drainFirst = false;
        int ran = 0; // counted in a register; handed to the loop once per batch, whatever ends it
        boolean timed = host.timing(); // changes only between phases: one read per batch, not two per immediate
        try {
            while (!host.isClosed() && !queued.isEmpty()) {
                if (drainFirst) {
                    host.drain();
                }
                ImmediateHandle immediate = queued.poll(); // null if the drain cleared the rest
                if (immediate == null) {
                    break;
                }
                immediates.taken(immediate);
                ran++;
                if (timed) {
                    host.watchBegins();
                }
                try {
                    immediate.callback().run();
                    drainFirst = true;
                } catch (Throwable t) {
                    host.report(t);
                    drainFirst = false;
                    lastThrew = queued.isEmpty();
                } finally {
                    if (timed) {
                        host.watchEnds();
                    }
                }
            }
        } finally {
            host.callbacksRan(ran);
        }
        return lastThrew;
    }
}
