package dev.loop.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.it.node.NodeProcess;
import dev.loop.it.node.NodeRun;
import dev.loop.it.node.NodeScript;
import dev.loop.testkit.Trace;
import dev.loop.testkit.program.Prediction;
import dev.loop.testkit.program.Program;
import dev.loop.testkit.program.ProgramRunner;
import dev.loop.testkit.program.Programs;
import dev.loop.testkit.program.ReferenceModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import dev.loop.testkit.program.Callback;
import dev.loop.testkit.program.Op;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.statistics.Statistics;

/**
 * DESIGN §7's differential test: the same generated programs run in Node (when {@code node} is on
 * the PATH) and must record the same labels as the loop and the reference model.
 *
 * <p>Node runs in real time, so delays are scaled ({@value #SCALE} real ms per virtual ms) and
 * every run reports when its timers were due and when each callback ran. What Node leaves to
 * chance is excluded, and listed when the class ends:
 * <ul>
 *   <li>Programs that submit work from other threads ({@code executeFromOtherThread}) are never
 *       generated here: Node has no counterpart.</li>
 *   <li>The race of a top-level {@code setTimeout(0)} against {@code setImmediate} cannot arise:
 *       a 0 ms delay becomes {@value #SCALE} real ms, so the first check phase always comes
 *       first, as on the virtual clock.</li>
 *   <li>A run whose real timing strayed from the virtual schedule (timers due together that Node
 *       armed in different milliseconds, a callback that ran into the next timer's slot; see
 *       {@link NodeRun#inconclusiveBecause}) says nothing about order. It is run again, up to
 *       {@value #ATTEMPTS} times; a program that never runs on schedule is excluded.</li>
 *   <li>A program on which Node fails inside itself (an uncaught error the program did not throw:
 *       Node 20 loops forever on {@code reading '_idleNext'} after some {@code clearImmediate}
 *       calls between throwing nextTicks) is excluded.</li>
 * </ul>
 *
 * <p>CI runs {@value #DEFAULT_TRIES} programs; {@code -Dloop.node.tries=N} runs N.
 */
class NodeDifferentialIT {

    static final int SCALE = 40;
    static final int ATTEMPTS = 3;
    static final int DEFAULT_TRIES = 200;
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);
    private static final Optional<NodeProcess> NODE = NodeProcess.onPath();
    private static final List<String> EXCLUDED = Collections.synchronizedList(new ArrayList<>());

    /** Skips the class with its reason when node is missing, and sets the number of tries. */
    static final class NodeOnPath implements SkipExecutionHook, AroundPropertyHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return NODE.isPresent() ? SkipResult.doNotSkip()
                    : SkipResult.skip("node is not on the PATH, so there is no Node to compare with");
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setTries(Integer.getInteger("loop.node.tries", DEFAULT_TRIES));
            return property.execute();
        }

        @Override
        public int aroundPropertyProximity() {
            return -100; // outside jqwik's own hooks, so the tries are set before the property starts
        }
    }

    @Provide
    Arbitrary<Program> nodePrograms() {
        // Up to 3 operations per callback: each program costs Node real time, in timers of 40 ms.
        return Programs.programs(new Programs.Features(false, true, true, 3, 3));
    }

    @Property
    @AddLifecycleHook(NodeOnPath.class)
    void nodeRunsWhatTheLoopAndTheModelRun(@ForAll("nodePrograms") Program program) throws Exception {
        Prediction predicted = ReferenceModel.predict(program, 0);
        List<String> loop = ProgramRunner.run(program, 0).labels();
        assertEquals(predicted.labels(), loop, () -> "The loop differs from the model\n"
                + Trace.sideBySide("model", predicted.labels(), "loop", loop) + "for\n" + program);
        String script = NodeScript.render(program, SCALE);
        String reason = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            NodeRun run = NODE.orElseThrow().run(script, NODE_TIMEOUT);
            if (run.fault() != null) {
                // Node's own bug, the same on every run: nothing to compare with.
                Statistics.label("Node runs").collect("excluded: Node failed inside itself");
                EXCLUDED.add("Node failed inside itself: " + run.fault() + "\n" + program);
                return;
            }
            Optional<String> inconclusive = run.inconclusiveBecause(predicted, SCALE);
            if (inconclusive.isEmpty()) {
                assertEquals(predicted.labels(), run.labels(), () -> "Node differs from the loop and the model\n"
                        + Trace.sideBySide("loop and model", predicted.labels(), "node", run.labels())
                        + "for\n" + program + "\nscript:\n" + script);
                Statistics.label("Node runs").collect(attempt == 1 ? "compared on the first run" : "compared on a later run");
                return;
            }
            reason = inconclusive.get();
        }
        Statistics.label("Node runs").collect("excluded: never on schedule in " + ATTEMPTS + " runs");
        EXCLUDED.add(reason + "\n" + program);
    }

    /**
     * The program on which Node 20 fails inside itself: after t2 clears I4 between throwing
     * nextTicks, every check phase throws "Cannot read properties of undefined (reading
     * '_idleNext')" and the process never ends. The script reports it as a fault at once.
     */
    @Example
    void aProgramOnWhichNodeFailsInsideItselfIsReportedAsAFault() throws Exception {
        Assume.that(NODE.isPresent());
        Program program = new Program(List.of(
                new Op.NextTick(new Callback("t1", List.of(
                        new Op.NextTick(new Callback("t2", List.of(new Op.Clear("I4")), true))), true)),
                new Op.NextTick(new Callback("t3", List.of(
                        new Op.SetImmediate(new Callback("I4", List.of(), false))), true))));
        NodeRun run = NODE.orElseThrow().run(NodeScript.render(program, SCALE), NODE_TIMEOUT);
        assertEquals("Cannot read properties of undefined (reading '_idleNext')", run.fault());
    }

    @AfterContainer
    static void listExclusions() {
        if (NODE.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder("NodeDifferentialIT excluded " + EXCLUDED.size()
                + " program(s) whose Node runs never kept to the virtual schedule, or on which Node failed inside itself");
        EXCLUDED.forEach(entry -> out.append("\n--- ").append(entry));
        System.out.println(out);
    }
}
