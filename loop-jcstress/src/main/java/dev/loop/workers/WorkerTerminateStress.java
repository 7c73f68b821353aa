package dev.loop.workers;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.spi.Poller;
import dev.loop.spi.PollerContext;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LIZ_Result;

/**
 * {@link Worker#terminate()} against the worker thread's start (the Dekker pair in
 * {@code terminate()} and {@code run()}: terminate() moves the state to TERMINATING and then reads
 * the worker's loop; the worker thread publishes its loop and then reads the state).
 *
 * <p>That pair is private to {@code Worker} and runs on a thread the worker starts itself, so no
 * jcstress actor can play the worker's side. The test drives a real worker through its public API
 * instead, and lines the two sides up with a handshake: the worker's loop is built with a
 * {@code PollerFactory} of the test's, which runs on the worker thread while {@code run()} builds
 * the loop it is about to publish, and waits there for the actor (the parent's loop thread). The
 * actor releases it, waits a random number of spins so that terminate() falls before, after and
 * across the publication, then calls terminate(). The window in which each side may miss the
 * other is a few nanoseconds wide, so only a small share of the samples land in it; a change that
 * breaks the pair shows up in a quick run, but not in every one. The entry, if it runs, waits until
 * terminate() has returned and looks at its own loop: terminate() closes the loop before returning
 * whenever it read it.
 *
 * <p>Result: what the entry saw ({@code not started} if the worker never ran it), the exit code
 * the parent received, and whether the worker's loop released its poller before the worker ended.
 */
public final class WorkerTerminateStress {

    /**
     * Upper bound of the random wait between releasing the worker and terminate(), in spin-wait
     * hints: wide enough to cover the time the worker takes to finish building and publish its loop.
     */
    private static final int SPREAD = 128;

    private WorkerTerminateStress() {
    }

    @JCStressTest
    @Description("Worker: terminate() on the parent's thread against the worker thread publishing its loop")
    @Outcome(id = "not started, 1, true", expect = ACCEPTABLE,
            desc = "terminate() came first: the worker read TERMINATING, or found its loop closed, and never ran its entry.")
    @Outcome(id = "closed, 1, true", expect = ACCEPTABLE,
            desc = "terminate() read the worker's loop and closed it; the entry, already running, found it closed.")
    @Outcome(id = "open, .*", expect = FORBIDDEN,
            desc = "Neither side saw the other: the entry runs and terminate() left its loop open; a worker that keeps"
                    + " its loop alive would never end (a hang).")
    @Outcome(id = "not started, 1, false", expect = FORBIDDEN,
            desc = "The worker ended without tearing its loop down: terminate() read the loop and closed it from the"
                    + " parent's thread, which only marks it closed, and run(), having read TERMINATING, skipped the loop"
                    + " and found it closed, so nobody closed it on its own thread; its poller is never released.")
    @Outcome(expect = FORBIDDEN,
            desc = "terminate() won the race, so the exit code must be 1; and the worker must close its loop"
                    + " (release its poller) before it reports its exit.")
    @State
    public static class TerminateVersusStart {
        /** Set on the worker thread by the poller factory, which then waits for {@link #go}. */
        private volatile boolean loopBuilt;
        /** Set by the actor just before it calls terminate(): lets the worker go on to publish its loop. */
        private volatile boolean go;
        /** Set by the actor once terminate() returned; the entry waits for it. */
        private volatile boolean terminateReturned;
        /** Written by the entry or an error listener; read by the actor after the worker exited. */
        private volatile String entrySaw = "not started";
        /** Written by the poller factory on the worker thread. */
        private volatile RecordingPoller poller;

        @Actor
        public void parent(LIZ_Result r) {
            EventLoop parent = EventLoop.create();
            try {
                LoopOptions loop = WorkerOptions.defaults().loopOptions().withPoller(this::buildPoller);
                Worker worker = Worker.start(WorkerOptions.defaults().withLoopOptions(loop), this::entry);
                worker.onExit(code -> r.r2 = code);
                worker.onError(error -> entrySaw = "failed: " + error);
                while (!loopBuilt) {
                    Thread.onSpinWait();
                }
                go = true;
                for (int n = ThreadLocalRandom.current().nextInt(SPREAD); n > 0; n--) {
                    Thread.onSpinWait();
                }
                worker.terminate();
                terminateReturned = true;
                parent.run(); // until the worker's exit event
            } finally {
                parent.close();
            }
            r.r1 = entrySaw;
            r.r3 = poller.closed;
        }

        private Poller buildPoller(PollerContext context) {
            RecordingPoller built = new RecordingPoller(context.owner());
            poller = built;
            loopBuilt = true;
            while (!go) {
                Thread.onSpinWait();
            }
            return built;
        }

        private void entry(WorkerContext worker) {
            while (!terminateReturned) {
                Thread.onSpinWait();
            }
            entrySaw = worker.loop().isClosed() ? "closed" : "open";
        }
    }

    /** loop-core's default poller (it parks the worker's loop thread), recording its release. */
    private static final class RecordingPoller implements Poller {
        private final Poller parking;
        /** Written on the worker thread when its loop closes; read by the actor after the worker ended. */
        volatile boolean closed;

        RecordingPoller(Thread owner) {
            this.parking = Poller.parking(owner);
        }

        @Override
        public void poll(long timeoutNanos) {
            parking.poll(timeoutNanos);
        }

        @Override
        public void wakeup() {
            parking.wakeup();
        }

        @Override
        public void close() {
            closed = true;
            parking.close();
        }
    }
}
