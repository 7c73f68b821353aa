package dev.loop.process;

import dev.loop.api.EventLoop;
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
 * signals ({@code SIGKILL}...) go at once.
 *
 * <p><b>Thread safety:</b> the loop thread only.
 */
final class StartupSignals {

    /** The longest a signal waits for the child's runtime. */
    static final long LONGEST_HOLD_MILLIS = 5_000;

    private final EventLoop loop;
    private final BooleanSupplier running;
    private final IntPredicate send;
    private final long longestHoldMillis;
    private final List<Integer> held = new ArrayList<>(1);
    private Timeout poll;
    private long heldSince;

    /**
     * @param loop the child's loop
     * @param running whether the child's JVM has reached its main
     * @param send sends a signal by number now; false if it could not
     */
    StartupSignals(EventLoop loop, BooleanSupplier running, IntPredicate send) {
        this(loop, running, send, LONGEST_HOLD_MILLIS);
    }

    /** With another bound on the hold, for tests. */
    StartupSignals(EventLoop loop, BooleanSupplier running, IntPredicate send, long longestHoldMillis) {
        this.loop = loop;
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
        if (!handledInJava(signal) || (held.isEmpty() && running.getAsBoolean())) {
            return send.test(signal);
        }
        held.add(signal); // behind any held before it, in the order they were sent
        if (poll == null) {
            heldSince = loop.now();
            poll = loop.setInterval(this::check, 1);
        }
        return true;
    }

    /** The child exited: what is held is not sent to whatever reuses its pid (the pidfd ensures it too). */
    void exited() {
        held.clear();
        stopPolling();
    }

    private void check() {
        if (!running.getAsBoolean() && loop.now() - heldSince < longestHoldMillis) {
            return;
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
        }
    }

    private static boolean handledInJava(int signal) {
        return signal == Signals.HUP || signal == Signals.INT || signal == Signals.TERM;
    }
}
