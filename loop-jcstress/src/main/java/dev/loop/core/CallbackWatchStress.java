package dev.loop.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.loop.api.Phase;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * The blocked-loop detector's flag against the end of the callback it flags
 * ({@link CallbackWatch#end()}'s comment): the detector stores {@code blockedStart} and re-reads
 * {@code startedAt}, reporting the block only if the callback still runs; the loop thread stores
 * {@code IDLE} and then reads {@code blockedStart}, recording {@code blockedEnd} if flagged. Result:
 * whether the detector reported the block, and whether the callback's end was recorded.
 */
public final class CallbackWatchStress {

    private CallbackWatchStress() {
    }

    @JCStressTest
    @Description("CallbackWatch: the detector's flag and re-check against the loop's end() of the flagged callback")
    @Outcome(id = "true, true", expect = ACCEPTABLE,
            desc = "The detector reported the block, and the loop recorded its end for the total.")
    @Outcome(id = "false, false", expect = ACCEPTABLE,
            desc = "The detector saw the callback had ended and reported nothing; the loop saw no flag.")
    @Outcome(id = "false, true", expect = ACCEPTABLE,
            desc = "Each saw the other: no report, and an end recorded that nobody reads.")
    @Outcome(id = "true, false", expect = FORBIDDEN,
            desc = "A block reported whose end is never recorded: the detector would wait for it for ever.")
    @State
    public static class FlagVersusEnd {
        private final CallbackWatch watch = new CallbackWatch("jcstress", Thread.currentThread(), 1);
        private final long started;

        public FlagVersusEnd() {
            watch.begin(Phase.TIMERS);
            started = watch.startedAt;
        }

        @Actor
        public void loop() {
            watch.end();
        }

        @Actor
        public void detector(ZZ_Result r) {
            watch.blockedEnd = 0;
            watch.blockedStart = started; // as BlockedLoopDetector.sample, before its re-check
            r.r1 = watch.startedAt == started;
        }

        @Arbiter
        public void recorded(ZZ_Result r) {
            r.r2 = watch.blockedEnd != 0;
        }
    }
}
