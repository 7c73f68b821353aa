package dev.loop.core;

/**
 * Step 2 of an iteration: every timer due at the cached now, shaped as Node runs them, because
 * where it drains is visible to users.
 *
 * <p>How Node does it, and so how this does: libuv's timer handle fires and calls Node's
 * {@code RunTimers}, which calls {@code processTimers} (lib/internal/timers.js). Each call is one
 * <em>pass</em>: it visits the due lists in heap order and drains the nextTick and microtask
 * queues before every list but the first; within a list ({@code listOnTimeout}) it drains between
 * timers. A callback or a drain that throws ends the pass, and Node's C++ caller starts another
 * at the same now: so the next timer runs undrained if it is in the list that threw, and drained
 * first if that list turns out spent and another list follows. Timers created while the phase
 * runs are due at now + 1 at the earliest, so never in the same pass. The phase runs, and drains
 * once at its end, whenever Node's libuv timer would fire ({@link TimerQueue#wake()}), even with
 * nothing due.
 *
 * <p>Node 20's libuv (1.46) fires its timer handle again, in the same phase, while the handle is
 * due at the loop's cached time, which callbacks move forward whenever they arm a timer. So when
 * the callbacks of a round (its end drain included) armed timers and took long enough that the
 * earliest of them fell due by the time of the last arm, another round runs at once, with a fresh
 * read of the clock (RunTimers' {@code GetNow()}).
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class TimersPhase {

    private final TimerQueue timers;
    private final CallbackHost host;

    TimersPhase(TimerQueue timers, CallbackHost host) {
        this.timers = timers;
        this.host = host;
    }

    /**
     * Runs the due timers: a round (Node's {@code RunTimers}) whenever Node's timer handle is due
     * at the loop's cached time, which the iteration has just read.
     */
    void run() {
        // Not due: Node's libuv timer has not fired, and RunTimers does not run, nor drain.
        while (!host.isClosed() && timers.wake() <= host.now()) {
            round(host.updatedNow());
        }
    }

    /** One call of RunTimers, which reads the clock: its passes, then its end drain. */
    private void round(long now) {
        // Every pass decides what is due with this one read, as RunTimers passes the same now
        // to each call of processTimers, though callbacks may take time and arm timers meanwhile.
        timers.phaseBegins();
        boolean threw;
        do {
            threw = !pass(now);
        } while (threw);
        timers.phaseEnds(host.now());
        host.drain(); // RunTimers' callback scope closes, even when nothing was due
    }

    /** One call of {@code processTimers}; false if a callback or a drain threw. */
    private boolean pass(long now) {
        timers.passBegins();
        boolean firstList = true;
        long list;
        while (!host.isClosed() && (list = timers.dueList(now)) != TimerQueue.NO_LIST) {
            if (!firstList && !host.drain()) { // one attempt: a tick that throws ends the pass
                return false;
            }
            firstList = false;
            if (!runList(list, now)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Node's {@code listOnTimeout}: the due timers of one list, drained between; false if a
     * callback or a drain threw. As in Node, the timer looked at before a drain is the one run
     * after it, even if the drain refreshed it (the refresh is lost); one the drain cancelled is
     * skipped.
     */
    private boolean runList(long list, long now) {
        boolean drainFirst = false;
        TimerHandle timer;
        while (!host.isClosed() && (timer = timers.nextDue(list, now)) != null) {
            if (drainFirst) {
                if (!host.drain()) {
                    return false;
                }
                drainFirst = false;
                if (!timer.armed()) {
                    continue; // cancelled by the drain: look again
                }
            }
            timers.take(timer);
            try {
                timer.fire();
            } catch (Throwable t) {
                host.report(t);
                return false;
            }
            drainFirst = true;
        }
        return true;
    }
}
