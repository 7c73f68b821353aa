package dev.loop.value.shared;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LI_Result;

/**
 * {@link Atomics#wait} against a store and {@link Atomics#notify} on another thread
 * ({@code Waiters}' class comment, and the Dekker pair in its blocking wait: the waiter writes
 * {@code parked} and then reads {@code notified}; the notifier writes {@code notified} and then
 * reads {@code parked}). Result: what the wait returned, and how many waiters the notify woke.
 *
 * <p>Each state's buffer has first seen a wait of 1 ns time out, which halves the spin window of
 * its waiters to 0 (see {@code Waiters.spinNanos}), so the wait under test parks at once and the
 * hand-off is that Dekker pair, not the spin.
 */
public final class WaitersStress {

    private WaitersStress() {
    }

    /** One 32-bit element holding 0, whose waiters park without spinning. */
    private static Int32Array parkingView() {
        Int32Array view = SharedBuffer.allocate(Integer.BYTES).int32();
        Atomics.wait(view, 0, 0, Duration.ofNanos(1));
        return view;
    }

    @JCStressTest
    @Description("Waiters: a wait without a timeout against store(1) then notify(1). A lost wake-up leaves the"
            + " waiter parked for good: jcstress then reports the test as timed out, an error, which fails the build.")
    @Outcome(id = "ok, 1", expect = ACCEPTABLE,
            desc = "The waiter was in the list: the notify removed it, counted it and woke it.")
    @Outcome(id = "not-equal, 0", expect = ACCEPTABLE,
            desc = "The store came first: the waiter read 1 and did not wait; the notify found nobody.")
    @Outcome(expect = FORBIDDEN,
            desc = "The notify's count disagrees with the waiter: it counted a waiter that did not wake by it, or the"
                    + " waiter reports a wake-up nobody counted.")
    @State
    public static class WaitVersusNotify {
        private final Int32Array view = parkingView();

        @Actor
        public void waiter(LI_Result r) {
            r.r1 = Atomics.wait(view, 0, 0).toString();
        }

        @Actor
        public void notifier(LI_Result r) {
            Atomics.store(view, 0, 1);
            r.r2 = Atomics.notify(view, 0, 1);
        }
    }

    @JCStressTest
    @Description("Waiters: a wait whose timeout runs out about when store(1) then notify(1) come")
    @Outcome(id = "ok, 1", expect = ACCEPTABLE,
            desc = "The notify removed the waiter before its timeout ran out, counted it and woke it.")
    @Outcome(id = "timed-out, 0", expect = ACCEPTABLE,
            desc = "The timeout ran out and the waiter left the list first; the notify found nobody.")
    @Outcome(id = "not-equal, 0", expect = ACCEPTABLE,
            desc = "The store came first: the waiter read 1 and did not wait; the notify found nobody.")
    @Outcome(id = "timed-out, 1", expect = FORBIDDEN,
            desc = "The notify counted the waiter as woken, but the waiter reports that it timed out.")
    @Outcome(expect = FORBIDDEN,
            desc = "The notify's count disagrees with the waiter: it reports a wake-up nobody counted.")
    @State
    public static class TimeoutVersusNotify {
        private static final Duration TIMEOUT = Duration.ofNanos(20_000);

        private final Int32Array view = parkingView();

        @Actor
        public void waiter(LI_Result r) {
            r.r1 = Atomics.wait(view, 0, 0, TIMEOUT).toString();
        }

        @Actor
        public void notifier(LI_Result r) {
            Atomics.store(view, 0, 1);
            r.r2 = Atomics.notify(view, 0, 1);
        }
    }
}
