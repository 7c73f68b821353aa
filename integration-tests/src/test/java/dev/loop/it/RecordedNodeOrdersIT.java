package dev.loop.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.testkit.Trace;
import dev.loop.testkit.program.Callback;
import dev.loop.testkit.program.Op;
import dev.loop.testkit.program.Program;
import dev.loop.testkit.program.ProgramRunner;
import dev.loop.testkit.program.ReferenceModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Programs on which {@link NodeDifferentialIT} once found Node disagreeing with the model and the
 * loop, each with the order Node 20 recorded. They run here on every build, without Node, so the
 * fix stays fixed in both the model and the loop.
 */
class RecordedNodeOrdersIT {

    /**
     * T5 and T3 fall due together, T5's list first. T5 throws; Node calls processTimers again,
     * which visits T5's spent list first and so drains (m6) before T3's list.
     */
    @Test
    void aThrowByTheLastTimerOfAListIsDrainedBeforeTheNextList() {
        Program program = new Program(List.of(
                timeout("T1", 2, false,
                        timeout("T2", 2, false,
                                timeout("T3", 0, false),
                                new Op.PromiseChain("P4", false, List.of(new Op.Step(false, callback("P4.1", false))))),
                        timeout("T5", 3, true,
                                new Op.Unref("T5"),
                                new Op.Ref("T2"),
                                new Op.QueueMicrotask(callback("m6", false))))));
        assertRecordedOrder(program, "T1", "T2", "P4.1", "T5", "!T5", "m6", "T3");
    }

    /**
     * I2 is unreferenced, so the first poll waits for T5 and I2 runs at 3; the drain after it ends
     * with t3's throw. Node does not retry it: T5 runs first, and its drain runs the promise.
     */
    @Test
    void aDrainEndedByAThrowIsNotRetried() {
        Program program = new Program(List.of(
                new Op.NextTick(callback("t1", false,
                        new Op.SetImmediate(callback("I2", false,
                                new Op.NextTick(callback("t3", true)),
                                new Op.PromiseChain("P4", false, List.of(
                                        new Op.Step(false, callback("P4.1", true)),
                                        new Op.Step(true, callback("P4.2", true)))))),
                        timeout("T5", 3, false, new Op.SetInterval(callback("V6", false), 5, 2)),
                        new Op.Unref("I2")))));
        assertRecordedOrder(program, "t1", "I2", "t3", "!t3", "T5", "P4.1", "P4.2", "V6#1", "V6#2");
    }

    /**
     * V2's last run clears it from inside its callback, which takes V2's emptied list out at once
     * (Node's unenroll finds the list by duration), so when V2 throws, the next pass starts at
     * V4's list, undrained: t3 comes after V4#2.
     */
    @Test
    void anIntervalClearedInItsLastRunTakesItsEmptyListAlong() {
        Program program = new Program(List.of(
                new Op.QueueMicrotask(callback("m1", false,
                        new Op.SetInterval(callback("V2", true,
                                new Op.NextTick(callback("t3", false)),
                                new Op.SetInterval(callback("V4", false), 0, 2)), 2, 2)))));
        assertRecordedOrder(program, "m1", "V2#1", "!V2", "t3", "V4#1", "V2#2", "!V2", "V4#2", "t3", "V4#1", "V4#2");
    }

    /**
     * Clearing an unreferenced timer leaves its emptied list in place, so S joins it and inherits
     * its expiry (150); rescheduled then, S's list comes after V's, made at 100, though both are
     * due at 180. Referenced, the list goes, and S's new list (made at 80) comes first.
     */
    @Test
    void aListEmptiedByClearingAnUnrefedTimerKeepsItsPlace() {
        assertRecordedOrder(emptyingAList(false), "A", "B", "C", "V", "S");
        assertRecordedOrder(emptyingAList(true), "A", "B", "C", "S", "V");
    }

    /** C refreshes A at 1: A moves behind B in their list and falls due at 3. */
    @Test
    void aRefreshedTimeoutMovesToTheEndOfItsList() {
        Program program = new Program(List.of(
                timeout("A", 2, false),
                timeout("B", 2, false),
                timeout("C", 1, false, new Op.Refresh("A"))));
        assertRecordedOrder(program, "C", "B", "A");
    }

    /**
     * The microtask after T4 refreshes T2, the next timer of the list, after Node looked at it:
     * Node runs T2 anyway (the refresh is lost) and T5 at 2. The model once looked again.
     */
    @Test
    void aTimerRefreshedByTheDrainBeforeItRunsStillRuns() {
        Program program = new Program(List.of(
                new Op.NextTick(callback("t1", false, timeout("T2", 0, false))),
                new Op.NextTick(callback("t3", false)),
                timeout("T4", 0, false,
                        timeout("T5", 0, false),
                        new Op.QueueMicrotask(callback("m6", false, new Op.Refresh("T2"))))));
        assertRecordedOrder(program, "t1", "t3", "T4", "m6", "T2", "T5");
    }

    /**
     * Issue 12's reproduction as a program, in a check-phase callback: each timer counts from
     * its call, after the busy steps before it. Counted from the iteration's time instead (as the
     * loop once did), D (due at 1) ran first and E before B. Node 20, 3 of 3 runs at 40 real ms
     * per ms, as for every program here.
     */
    @Test
    void timersArmedByABusyCallbackCountFromTheirCall() {
        assertRecordedOrder(issue12Program(), "I", "A", "!A", "C", "tA", "B", "D", "E");
    }

    private static Program issue12Program() {
        return new Program(List.of(new Op.SetImmediate(callback("I", false,
                timeout("A", 2, true, new Op.NextTick(callback("tA", false))),
                new Op.Busy(1),
                timeout("B", 11, false),
                new Op.Busy(14),
                timeout("D", 1, false),
                new Op.Busy(2),
                timeout("C", 2, false),
                new Op.Busy(3),
                timeout("E", 9, false),
                new Op.Busy(12)))));
    }

    /**
     * Found by the generator. T1's drain (when its round of the timers phase ends) arms T3 at 5,
     * computes 4 ms and arms T10 at 9: Node 20's libuv fires its timer again at once, since T3
     * (due at 7) is due at the cached time, so T3 runs before the immediate I5.
     */
    @Test
    void aTimerDueByTheLastArmOfATimersPhaseRunsInThatPhase() {
        Program program = new Program(List.of(timeout("T1", 5, true,
                new Op.NextTick(callback("t2", false, timeout("T3", 2, false))),
                new Op.NextTick(callback("t4", false,
                        new Op.SetImmediate(callback("I5", false)),
                        new Op.Busy(4),
                        new Op.QueueMicrotask(callback("m6", false)))),
                new Op.NextTick(callback("t7", false,
                        new Op.SetInterval(callback("V8", false), 12, 2),
                        new Op.NextTick(callback("t9", false)),
                        timeout("T10", 4, false))))));
        assertRecordedOrder(program, "T1", "!T1", "t2", "t4", "t7", "t9", "m6", "T3", "I5", "T10", "V8#1", "V8#2");
    }

    /**
     * A computes 5 ms, then arms C: the cached time is 15 when the round ends, past B's expiry
     * (11), so Node's timer is set for 1 ms after it, 16. The iteration at 15 runs no timers, and
     * the immediate I2 that I queued runs before B. Set for 11, B would run at 15, before I2.
     */
    @Test
    void aListOverdueWhenTheRoundEndsWaitsOneMillisecondFromTheCachedTime() {
        Program program = new Program(List.of(
                timeout("A", 10, false,
                        new Op.Busy(5),
                        new Op.SetImmediate(callback("I", false, new Op.SetImmediate(callback("I2", false)))),
                        timeout("C", 100, false)),
                timeout("B", 11, false)));
        assertRecordedOrder(program, "A", "I", "I2", "B", "C");
    }

    /**
     * Found by the generator. m2 arms T3 and is busy past its expiry, then unrefs I4, so when the
     * main script ends only T3 keeps the loop alive. libuv asks whether the loop is alive before
     * the timers it runs ahead of its first iteration, not after them: that iteration runs even
     * though T3 left nothing referenced, and its check phase runs the unreferenced I4, whose
     * interval keeps the loop going. The loop and the model once stopped after T3.
     */
    @Test
    void theFirstIterationRunsEvenIfTheTimersBeforeItLeaveNothingAlive() {
        Program program = new Program(List.of(new Op.PromiseChain("P1", false, List.of(
                new Op.Step(false, callback("P1.1", true,
                        new Op.QueueMicrotask(callback("m2", false,
                                timeout("T3", 0, false),
                                new Op.Busy(1),
                                new Op.Unref("I4"))),
                        new Op.SetImmediate(callback("I4", false,
                                new Op.SetInterval(callback("V5", false), 4, 2)))))))));
        assertRecordedOrder(program, "P1.1", "m2", "T3", "I4", "V5#1", "V5#2");
    }

    /** The smallest form of the case above: an unreferenced immediate after the first timers. */
    @Test
    void anUnrefedImmediateRunsInTheFirstIterationAfterTheTimersBeforeIt() {
        Program program = new Program(List.of(
                new Op.SetImmediate(callback("I1", false)),
                new Op.Unref("I1"),
                timeout("T2", 0, false),
                new Op.Busy(1)));
        assertRecordedOrder(program, "T2", "I1");
    }

    private static Program emptyingAList(boolean referenced) {
        List<Op> arming = new ArrayList<>(List.of(timeout("R", 100, false)));
        if (!referenced) {
            arming.add(new Op.Unref("R"));
        }
        arming.add(timeout("B", 30, false,
                new Op.Clear("R"),
                timeout("S", 100, false),
                timeout("C", 20, false, timeout("V", 80, false))));
        return new Program(List.of(timeout("A", 50, false, arming.toArray(Op[]::new))));
    }

    private static void assertRecordedOrder(Program program, String... node) {
        List<String> expected = List.of(node);
        List<String> model = ReferenceModel.predict(program, 0).labels();
        assertEquals(expected, model, () -> "The model differs from Node\n"
                + Trace.sideBySide("node", expected, "model", model) + "for\n" + program);
        List<String> loop = ProgramRunner.run(program, 0).labels();
        assertEquals(expected, loop, () -> "The loop differs from Node\n"
                + Trace.sideBySide("node", expected, "loop", loop) + "for\n" + program);
    }

    private static Op timeout(String label, int delayMillis, boolean throwsAfter, Op... body) {
        return new Op.SetTimeout(callback(label, throwsAfter, body), delayMillis);
    }

    private static Callback callback(String label, boolean throwsAfter, Op... body) {
        return new Callback(label, List.of(body), throwsAfter);
    }
}
