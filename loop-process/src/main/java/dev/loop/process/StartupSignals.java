package dev.loop.process;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.ResourceKind;
import dev.loop.api.Timeout;
import dev.loop.process.os.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * Sends signals to a forked child, holding back the ones its JVM handles in Java until that
 * JVM's runtime is initialised.
 *
 * <p>A JVM handles {@code SIGTERM}, {@code SIGINT} and {@code SIGHUP} by running its shutdown hooks
 * and exiting with 128 + the signal's number. Its handler is installed early in its start, and one
 * that runs while the JVM still initialises its module system makes that initialisation fail:
 * the JVM prints "Error occurred during initialization of VM" and exits with code 1 (JDK 25.0.3,
 * some tens of milliseconds into a start). Node has no such window, and a child aborted or killed
 * just after {@code fork} must still end by the signal it was sent. So such a signal, sent before
 * the child has reached its main ({@code ChildMain} records that in the control file), is held and
 * sent once it has, looked for every millisecond; or after {@value #LONGEST_HOLD_MILLIS} ms if it
 * never does (a JVM stuck in an agent still hears it); or never, if the child exits first. Other
 * signals ({@code SIGKILL}...) go at once. A pool's child handed out before its process exists holds
 * every signal until the process does.
 *
 * <p>While something is held, a handle of kind {@code HeldSignal} keeps the loop alive, so that the
 * signal is sent even to a child that was {@code unref}'d.
 *
 * <p><b>Thread safety:</b> the loop thread only.
 */
final class StartupSignals {

    /** The longest a signal waits for the child's runtime. */
    static final long LONGEST_HOLD_MILLIS = 5_000;
    /** What {@code activeResources()} lists a held signal as. */
    static final ResourceKind KIND = ResourceKind.of("HeldSignal");

    private final EventLoop loop;
    private final BooleanSupplier started;
    private final BooleanSupplier running;
    private final IntPredicate send;
    private final long longestHoldMillis;
    private final List<Integer> held = new ArrayList<>(1);
    private Timeout poll;
    private Handle keepAlive;
    private long heldSince;

    /**
     * @param loop the child's loop
     * @param started whether the child's process exists
     * @param running whether the child's JVM has reached its main (true for a command)
     * @param send sends a signal by number now; false if it could not
     */
    StartupSignals(EventLoop loop, BooleanSupplier started, BooleanSupplier running, IntPredicate send) {
        this(loop, started, running, send, LONGEST_HOLD_MILLIS);
    }

    /** With another bound on the hold, for tests. */
    StartupSignals(EventLoop loop, BooleanSupplier started, BooleanSupplier running, IntPredicate send, long longestHoldMillis) {
        this.loop = loop;
        this.started = started;
        this.running = running;
        this.send = send;
        this.longestHoldMillis = longestHoldMillis;
    }

    /**
     * Sends {@code signal} now, or once the child's runtime can handle it.
     *
     * @return false if it could not be sent now; true if sent or held
     */
    boolean send(int signal) {
        if (started.getAsBoolean() && (!handledInJava(signal) || (held.isEmpty() && running.getAsBoolean()))) {
            return send.test(signal);
        }
        held.add(signal); // behind any held before it, in the order they were sent
        if (poll == null) {
            heldSince = loop.now();
            poll = loop.setInterval(this::check, 1).unref(); // the keep-alive below says why the loop waits
            keepAlive = loop.keepAlive(KIND);
        }
        return true;
    }

    /**
     * The child exited or could not start: what is held is dropped (never sent to whatever reuses
     * its pid; the pidfd ensures that too), and the control file is not read again.
     */
    void exited() {
        held.clear();
        stopPolling();
    }

    private void check() {
        if (!started.getAsBoolean() || (!running.getAsBoolean() && loop.now() - heldSince < longestHoldMillis)) {
            return; // a child that never starts fails to start, which ends the hold (exited)
        }
        List<Integer> due = List.copyOf(held);
        held.clear();
        stopPolling();
        for (int signal : due) {
            send.test(signal);
        }
    }

    private void stopPolling() {
        if (poll != null) {
            poll.close();
            poll = null;
            keepAlive.close();
            keepAlive = null;
        }
    }

    private static boolean handledInJava(int signal) {
        return signal == Signals.HUP || signal == Signals.INT || signal == Signals.TERM;
    }
}
