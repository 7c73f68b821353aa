package dev.loop.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.testkit.Trace;
import dev.loop.testkit.program.Prediction;
import dev.loop.testkit.program.Program;
import dev.loop.testkit.program.ProgramRunner;
import dev.loop.testkit.program.Programs;
import dev.loop.testkit.program.ReferenceModel;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * DESIGN §7: for all generated programs, the real loop (on a test loop) does what the reference
 * model of §2.1 predicts: the same callbacks, in the same phases and iterations, and {@code run()}
 * returns at the same virtual time after the same number of iterations.
 */
class SchedulingModelIT {

    @Provide
    Arbitrary<Program> programs() {
        return Programs.programs();
    }

    @Property(tries = 3000)
    void theLoopRunsWhatTheModelPredicts(@ForAll("programs") Program program, @ForAll long seed) {
        Prediction predicted = ReferenceModel.predict(program, seed);
        ProgramRunner.Outcome actual = ProgramRunner.run(program, seed);
        List<String> expected = predicted.events().stream()
                .map(e -> new Trace.Entry(e.label(), e.phase(), e.iteration()).toString()).toList();
        List<String> got = actual.entries().stream().map(Trace.Entry::toString).toList();
        assertEquals(expected, got, () -> "The loop differs from the model (seed " + seed + ")\n"
                + Trace.sideBySide("model", expected, "loop", got) + "for\n" + program);
        List<Long> expectedTimes = predicted.events().stream().map(Prediction.Event::timeMillis).toList();
        assertEquals(expectedTimes, actual.times(), () -> "now() differs\n" + Trace.sideBySide("model", expectedTimes, "loop", actual.times()));
    }

    @Property(tries = 200)
    void runReturnsExactlyWhenTheModelSaysNothingIsLeft(@ForAll("programs") Program program, @ForAll long seed) {
        Prediction predicted = ReferenceModel.predict(program, seed);
        ProgramRunner.Outcome actual = ProgramRunner.run(program, seed);
        assertEquals(predicted.endMillis(), actual.endMillis(), "virtual time when run() returned");
        assertEquals(predicted.iterations(), actual.iterations(), "iterations run() performed");
        assertTrue(actual.idleAfterEnd(), "run() returned while the loop still had work");
    }

    @Property(tries = 200)
    void timersNeverFireEarly(@ForAll("programs") Program program, @ForAll long seed) {
        ProgramRunner.Outcome actual = ProgramRunner.run(program, seed);
        List<String> early = actual.timerRuns().stream()
                .filter(run -> run.ranAtMillis() < run.deadlineMillis())
                .map(run -> run.label() + " ran at " + run.ranAtMillis() + " ms, due at " + run.deadlineMillis() + " ms")
                .toList();
        assertEquals(List.of(), early, () -> "for\n" + program);
    }
}
