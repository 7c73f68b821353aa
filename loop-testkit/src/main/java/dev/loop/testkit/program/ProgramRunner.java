package dev.loop.testkit.program;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.Promise;
import dev.loop.api.Timeout;
import dev.loop.testkit.TestLoop;
import dev.loop.testkit.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link Program} on the real loop, on a {@link TestLoop} with a given seed, and records
 * its trace: each callback's label as it runs, and {@code !label} when the uncaught-error handler
 * receives a callback's error.
 *
 * <p><b>Thread safety:</b> {@link #run} may be called from any thread; each call uses its own
 * loop, owned by the calling thread for the duration of the call.
 */
public final class ProgramRunner {

    /**
     * What the loop did.
     *
     * @param entries the trace, in order
     * @param times {@code loop.now()} when each entry was recorded
     * @param timerRuns every run of a timer callback, with the deadline it was armed for
     * @param endMillis the virtual time when {@code run()} returned
     * @param iterations the iterations {@code run()} performed
     * @param idleAfterEnd whether one more {@code runNowait()} after {@code run()} returned found
     *     nothing to do and the loop not alive, as it must be
     */
    public record Outcome(List<Trace.Entry> entries, List<Long> times, List<TimerRun> timerRuns,
                          long endMillis, long iterations, boolean idleAfterEnd) {
        /** Copies the lists. */
        public Outcome {
            entries = List.copyOf(entries);
            times = List.copyOf(times);
            timerRuns = List.copyOf(timerRuns);
        }

        /**
         * The labels of {@link #entries()}, in order.
         *
         * @return the labels
         */
        public List<String> labels() {
            return entries.stream().map(Trace.Entry::label).toList();
        }
    }

    /**
     * One run of a timer callback.
     *
     * @param label the label it recorded
     * @param deadlineMillis the time it was armed at (arming reads the clock), plus its delay (at
     *     least 1)
     * @param ranAtMillis {@code loop.now()} when it ran
     */
    public record TimerRun(String label, long deadlineMillis, long ranAtMillis) { }

    private final TestLoop test;
    private final EventLoop loop;
    private final Trace trace;
    private final Map<String, Handle> handles = new HashMap<>();
    private final List<Long> times = new ArrayList<>();
    private final List<TimerRun> timerRuns = new ArrayList<>();

    private ProgramRunner(TestLoop test) {
        this.test = test;
        this.loop = test.loop();
        this.trace = new Trace(loop);
    }

    /**
     * Runs {@code program} to the end on a fresh test loop seeded with {@code seed}.
     *
     * @param program the program
     * @param seed the seed for the loop's open choices
     * @return what the loop did
     */
    public static Outcome run(Program program, long seed) {
        Objects.requireNonNull(program, "program");
        try (TestLoop test = TestLoop.create(seed)) {
            ProgramRunner runner = new ProgramRunner(test);
            runner.loop.onUncaughtException((error, phase) -> runner.record("!" + error.getMessage()));
            test.run(() -> runner.perform(program.main()));
            long end = test.nowMillis();
            long iterations = runner.loop.iteration();
            int recorded = runner.times.size();
            boolean idle = !test.runOnce() && runner.times.size() == recorded;
            return new Outcome(runner.trace.entries().subList(0, recorded), runner.times.subList(0, recorded),
                    runner.timerRuns, end, iterations, idle);
        }
    }

    private void perform(List<Op> ops) {
        for (Op op : ops) {
            switch (op) {
                case Op.NextTick o -> loop.nextTick(callback(o.callback()));
                case Op.QueueMicrotask o -> loop.queueMicrotask(callback(o.callback()));
                case Op.SetTimeout o -> {
                    Runnable callback = callback(o.callback());
                    long[] deadline = new long[1];
                    handles.put(o.callback().label(), loop.setTimeout(() -> {
                        timerRuns.add(new TimerRun(o.callback().label(), deadline[0], loop.now()));
                        callback.run();
                    }, o.delayMillis()));
                    deadline[0] = loop.now() + Math.max(1, o.delayMillis()); // arming read the clock
                }
                case Op.SetInterval o -> handles.put(o.callback().label(), interval(o));
                case Op.SetImmediate o -> handles.put(o.callback().label(), loop.setImmediate(callback(o.callback())));
                case Op.Execute o -> test.executeFromOtherThread(callback(o.callback()));
                case Op.PromiseChain o -> chain(o);
                case Op.Clear o -> onHandle(o.target(), Handle::close);
                case Op.Refresh o -> onHandle(o.target(), handle -> {
                    if (handle instanceof Timeout timeout && !timeout.isRepeating() && timeout.isActive()) {
                        timeout.refresh();
                    }
                });
                case Op.Ref o -> onHandle(o.target(), Handle::ref);
                case Op.Unref o -> onHandle(o.target(), Handle::unref);
                case Op.Busy o -> test.busy(Duration.ofMillis(o.millis()));
            }
        }
    }

    private void onHandle(String target, java.util.function.Consumer<Handle> action) {
        Handle handle = handles.get(target);
        if (handle != null) {
            action.accept(handle);
        }
    }

    private void record(String label) {
        trace.record(label);
        times.add(loop.now());
    }

    private Runnable callback(Callback callback) {
        return () -> {
            record(callback.label());
            perform(callback.body());
            if (callback.throwsAfter()) {
                throw new ProgramError(callback.label());
            }
        };
    }

    private Timeout interval(Op.SetInterval op) {
        Callback callback = op.callback();
        Timeout[] self = new Timeout[1];
        int[] runs = {0};
        long period = Math.max(1, op.periodMillis());
        long[] deadline = new long[1];
        self[0] = loop.setInterval(() -> {
            runs[0]++;
            timerRuns.add(new TimerRun(callback.label() + "#" + runs[0], deadline[0], loop.now()));
            deadline[0] = loop.now() + period; // it re-arms from the time read just before it ran
            record(callback.label() + "#" + runs[0]);
            perform(callback.body());
            if (runs[0] == op.count()) {
                self[0].close();
            }
            if (callback.throwsAfter()) {
                throw new ProgramError(callback.label());
            }
        }, op.periodMillis());
        deadline[0] = loop.now() + period; // arming read the clock
        return self[0];
    }

    private void chain(Op.PromiseChain op) {
        Promise<Object> promise = op.startRejected() ? loop.rejected(new ProgramError(op.label())) : loop.resolved(op.label());
        for (Op.Step step : op.steps()) {
            Runnable handler = callback(step.callback());
            promise = step.onRejected()
                    ? promise.catchError(error -> {
                        handler.run();
                        return null;
                    })
                    : promise.then(value -> {
                        handler.run();
                        return value;
                    });
        }
        promise.catchError(error -> null); // the silent end of every chain: nothing goes unhandled
    }
}
