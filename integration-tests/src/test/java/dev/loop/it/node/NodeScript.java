package dev.loop.it.node;

import dev.loop.testkit.program.Callback;
import dev.loop.testkit.program.Op;
import dev.loop.testkit.program.Program;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Program} as a Node.js script that records what runs, and when, for
 * {@link NodeProcess} to run and {@link NodeRun} to read.
 *
 * <p>The script does what the program says, the way the loop and the reference model do it: each
 * callback records its label, runs its body, then throws {@code new ProgramError(label)} if it is a
 * throwing one; an {@code uncaughtException} handler records {@code "!" + message}. Timer delays are
 * scaled by {@code scaleMillis} real milliseconds per virtual millisecond, so that the order of
 * Node's run depends on its timers and not on how long the callbacks themselves take.
 *
 * <p>Node needs {@code --expose-internals}: the script reads libuv's clock
 * ({@code getLibuvNow()}, the clock timers are armed and fired by) to report when each callback ran
 * and when each timer was due, which is what {@link NodeRun#inconclusiveBecause} judges. A busy step
 * ({@link Op.Busy}) spins on {@code process.hrtime} for its scaled time, and the records read the
 * same clock, so neither moves libuv's cached time as {@code getLibuvNow()} would.
 *
 * <p>The main script runs as the first nextTick after Node's own (see the prelude for why), from
 * the start of a fresh millisecond, {@code T0}. Output, written to stdout at exit, is one record a
 * line, in the order they happened, with milliseconds of libuv time since {@code T0}:
 * <pre>
 * run &lt;label&gt; &lt;ms&gt;   a callback recorded its label (or the handler recorded !label)
 * arm &lt;label&gt; &lt;ms&gt;   a timer was armed to fall due at ms: a setTimeout, or arm n of an interval (label#n)
 * end &lt;ms&gt;           the process is exiting; the output is complete
 * </pre>
 */
public final class NodeScript {

    /**
     * The fixed part of every script: the clock, the records, and the helpers the rendered program
     * calls. Helpers keep the rendered operations one line each, which keeps a failing script
     * readable next to {@link Program#toString()}.
     */
    private static final String PRELUDE = """
            'use strict';
            // Loaded first so that module loading is not charged to the program.
            const { writeSync } = require('fs');
            const { internalBinding } = require('internal/test/binding');
            // libuv's loop time, updated on each call: the clock timers are armed against.
            // Called on the binding: V8's fast path for it reads the receiver, and crashed Node
            // (GetAlignedPointerFromInternalField) once the detached function got hot.
            const timersBinding = internalBinding('timers');
            const now = () => timersBinding.getLibuvNow();
            // The same clock without that update, for the records: process.hrtime reads the
            // monotonic clock libuv's time is taken from, less the loop's base (set in main()).
            // Recording must not move libuv's cached time, which a busy callback leaves behind as
            // a real program's computation does (the poll timeout counts from it).
            const hrMillis = () => Number(process.hrtime.bigint() / 1000000n);
            let base;
            const clock = () => hrMillis() - base;
            const lines = [];
            // Handles by label, for clear, ref and unref; the latest one wins when a label repeats.
            const h = {};
            // Set when the program starts, in main().
            let T0;
            // The program throws only ProgramErrors. Any other uncaught error is Node failing inside
            // itself (Node 20 loops forever on "reading '_idleNext'" after some clearImmediate
            // calls between throwing nextTicks): it is reported as a fault, and the run ends.
            class ProgramError extends Error {}
            process.on('uncaughtException', e => {
              if (!(e instanceof ProgramError)) {
                lines.push('fault ' + String(e && e.message).replace(/\s+/g, ' '));
                process.exit(0);
              }
              rec('!' + e.message);
            });
            // Intervals, with the number of runs so far, for the arm still pending at exit.
            const intervals = [];
            process.on('exit', () => {
              // An arm that never ran (the process ended first) is reported here, so that the
              // judge sees it: it may share its virtual deadline with a timer that did run.
              for (const i of intervals) {
                if (i.timer._idleTimeout !== -1 && !i.timer._destroyed) {
                  arm(i.label + '#' + (i.runs() + 1), i.timer);
                }
              }
              lines.push('end ' + (now() - T0));
              // Synchronous: asynchronous writes might not finish while the process exits.
              writeSync(1, lines.join('\\n') + '\\n');
            });
            // Timers due at the same virtual time are only comparable if armed in the same real
            // millisecond. The first setTimeout, setImmediate and queueMicrotask of a process take
            // hundreds of microseconds, so they are made here, leaving nothing behind (the timeout
            // is the longest Node takes, so it never delays the wake-up of a real one).
            clearTimeout(setTimeout(() => {}, 2 ** 31 - 1));
            clearImmediate(setImmediate(() => {}));
            queueMicrotask(() => {});
            // Requiring internal/test/binding queued a warning on the nextTick queue, and printing
            // it takes milliseconds, which would fall between the main script and its own ticks.
            // So the main script runs as the next tick, after the warning and before the loop
            // starts: its ticks, microtasks, immediates and timers are ordered as in a main module.
            process.nextTick(main);
            function rec(label) {
              lines.push('run ' + label + ' ' + (clock() - T0));
            }
            // A callback computes for ms real milliseconds: time passes, and libuv's does not.
            function busy(ms) {
              const end = process.hrtime.bigint() + BigInt(ms) * 1000000n;
              while (process.hrtime.bigint() < end) {
                // spin
              }
            }
            // A timer's _idleStart is the libuv time it was armed at, _idleTimeout its delay.
            function arm(label, timer) {
              lines.push('arm ' + label + ' ' + (timer._idleStart + timer._idleTimeout - T0));
            }
            function cb(label, throws, body) {
              return () => {
                rec(label);
                body();
                if (throws) {
                  throw new ProgramError(label);
                }
              };
            }
            function timeout(label, ms, fn) {
              const timer = setTimeout(fn, ms);
              h[label] = timer;
              arm(label, timer);
            }
            function interval(label, ms, count, throws, body) {
              let n = 0;
              const timer = setInterval(() => {
                n++;
                const name = label + '#' + n;
                // Node re-arms an interval after each run; the arm that just fired is reported
                // here, before the run, except the first, reported when it was created.
                if (n > 1) {
                  arm(name, timer);
                }
                rec(name);
                body();
                if (n === count) {
                  clearInterval(timer);
                }
                if (throws) {
                  throw new ProgramError(label);
                }
              }, ms);
              h[label] = timer;
              intervals.push({ label, timer, runs: () => n });
              arm(label + '#1', timer);
            }
            // Only a waiting timeout (in a list) is refreshed: a program refreshes nothing else.
            function refresh(label) {
              const timer = h[label];
              if (timer !== undefined && timer._idleNext) {
                timer.refresh();
                arm(label, timer);
              }
            }
            function clear(how, label) {
              const timer = h[label];
              if (timer !== undefined) {
                // An interval cleared while its next run is pending never reports that arm
                // otherwise, and the judge needs it: it may share a virtual deadline with a
                // timer that did run.
                const i = intervals.find(i => i.timer === timer);
                if (i !== undefined && timer._idleNext) {
                  arm(i.label + '#' + (i.runs() + 1), timer);
                }
                how(timer);
              }
            }
            function main() {
              // The program starts on a fresh millisecond, with nearly all of it to spare.
              const fresh = now();
              while (now() === fresh) {
                // spin: libuv time moves once a millisecond
              }
              T0 = now();
              // libuv's time is the monotonic clock in whole ms less a base; a read that crosses
              // into the next ms between the two calls only makes the difference larger.
              base = Infinity;
              for (let i = 0; i < 5; i++) {
                const libuv = now();
                base = Math.min(base, hrMillis() - libuv);
              }
            """;

    private static final String INDENT = "  ";

    /** Node's longest timer delay, {@code 2 ** 31 - 1} ms (TIMEOUT_MAX in lib/internal/timers.js). */
    private static final long MAX_DELAY_MILLIS = Integer.MAX_VALUE;

    private final int scaleMillis;
    /** The clear function for each handle label, found by the kind of operation that creates it. */
    private final Map<String, String> clearFunctions;
    private final StringBuilder out = new StringBuilder(PRELUDE);

    private NodeScript(int scaleMillis, Map<String, String> clearFunctions) {
        this.scaleMillis = scaleMillis;
        this.clearFunctions = clearFunctions;
    }

    /**
     * Renders {@code program} as a Node script.
     *
     * @param program the program; it must not submit work from other threads, which Node cannot do
     * @param scaleMillis real milliseconds per virtual millisecond, at least 1 (40 is a good default)
     * @return the script's source
     * @throws IllegalArgumentException if the program has an {@link Op.Execute}, if a label is
     *         empty or holds whitespace (the output is split on it), if {@code scaleMillis < 1}, or
     *         if a scaled delay is longer than Node allows
     */
    public static String render(Program program, int scaleMillis) {
        if (program.executesFromOtherThreads()) {
            throw new IllegalArgumentException("Node has no counterpart of execute() from another thread:\n" + program);
        }
        if (scaleMillis < 1) {
            throw new IllegalArgumentException("scaleMillis < 1: " + scaleMillis);
        }
        requireSplittableLabels(program);
        NodeScript script = new NodeScript(scaleMillis, clearFunctions(program));
        script.ops(program.main(), 1);
        script.line(0, "}");
        return script.out.toString();
    }

    /** Every operation is in the main script or in the body of one of the program's callbacks. */
    private static Map<String, String> clearFunctions(Program program) {
        List<Op> all = new ArrayList<>(program.main());
        for (Callback callback : program.callbacks()) {
            all.addAll(callback.body());
        }
        Map<String, String> functions = new HashMap<>();
        for (Op op : all) {
            switch (op) {
                case Op.SetTimeout o -> functions.put(o.callback().label(), "clearTimeout");
                case Op.SetInterval o -> functions.put(o.callback().label(), "clearInterval");
                case Op.SetImmediate o -> functions.put(o.callback().label(), "clearImmediate");
                default -> { }
            }
        }
        return functions;
    }

    /** The output is split on spaces, so a recorded label must be one non-empty word. */
    private static void requireSplittableLabels(Program program) {
        for (Callback callback : program.callbacks()) {
            String label = callback.label();
            if (label.isEmpty() || label.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("label must be non-empty, without whitespace: '" + label + "'");
            }
        }
    }

    private void ops(List<Op> ops, int depth) {
        for (Op op : ops) {
            op(op, depth);
        }
    }

    private void op(Op op, int depth) {
        switch (op) {
            case Op.NextTick o -> {
                line(depth, "process.nextTick(" + callbackStart(o.callback()));
                callbackEnd(o.callback(), depth, "));");
            }
            case Op.QueueMicrotask o -> {
                line(depth, "queueMicrotask(" + callbackStart(o.callback()));
                callbackEnd(o.callback(), depth, "));");
            }
            case Op.SetImmediate o -> {
                line(depth, "h[" + quote(o.callback().label()) + "] = setImmediate(" + callbackStart(o.callback()));
                callbackEnd(o.callback(), depth, "));");
            }
            case Op.SetTimeout o -> {
                line(depth, "timeout(" + quote(o.callback().label()) + ", " + realMillis(o.delayMillis()) + ", "
                        + callbackStart(o.callback()));
                callbackEnd(o.callback(), depth, "));");
            }
            case Op.SetInterval o -> {
                Callback callback = o.callback();
                line(depth, "interval(" + quote(callback.label()) + ", " + realMillis(o.periodMillis()) + ", "
                        + o.count() + ", " + callback.throwsAfter() + ", () => {");
                ops(callback.body(), depth + 1);
                line(depth, "});");
            }
            case Op.PromiseChain o -> promiseChain(o, depth);
            case Op.Clear o -> {
                String function = clearFunctions.get(o.target());
                if (function == null) {
                    // No operation creates this handle, so h never holds it: nothing to clear.
                    line(depth, "// clear(" + o.target() + "): no handle has this label");
                } else {
                    line(depth, "clear(" + function + ", " + quote(o.target()) + ");");
                }
            }
            case Op.Refresh o -> {
                if ("clearTimeout".equals(clearFunctions.get(o.target()))) {
                    line(depth, "refresh(" + quote(o.target()) + ");");
                } else {
                    line(depth, "// refresh(" + o.target() + "): not a timeout, so nothing to refresh");
                }
            }
            case Op.Ref o -> line(depth, "h[" + quote(o.target()) + "]?.ref();");
            case Op.Unref o -> line(depth, "h[" + quote(o.target()) + "]?.unref();");
            case Op.Busy o -> line(depth, "busy(" + (long) o.millis() * scaleMillis + ");");
            case Op.Execute o -> throw new IllegalArgumentException("not renderable: " + o);
        }
    }

    /**
     * A block of its own, so that each chain's {@code p} is local to it; the final silent catch
     * keeps a rejection at the end of the chain from being reported as unhandled.
     */
    private void promiseChain(Op.PromiseChain chain, int depth) {
        line(depth, "{");
        String label = quote(chain.label());
        line(depth + 1, "let p = " + (chain.startRejected()
                ? "Promise.reject(new Error(" + label + "));"
                : "Promise.resolve(" + label + ");"));
        for (Op.Step step : chain.steps()) {
            line(depth + 1, "p = p." + (step.onRejected() ? "catch" : "then") + "(" + callbackStart(step.callback()));
            callbackEnd(step.callback(), depth + 1, "));");
        }
        line(depth + 1, "p.catch(() => {});");
        line(depth, "}");
    }

    /** Opens {@code cb(label, throws, () => {}; the body follows on lines of its own. */
    private static String callbackStart(Callback callback) {
        return "cb(" + quote(callback.label()) + ", " + callback.throwsAfter() + ", () => {";
    }

    private void callbackEnd(Callback callback, int depth, String closing) {
        ops(callback.body(), depth + 1);
        line(depth, "}" + closing);
    }

    /**
     * Node turns delays below 1 ms into 1 ms; doing it before scaling keeps 0 and 1 the same. It
     * also turns delays above {@link #MAX_DELAY_MILLIS} into 1 ms, with only a warning on stderr,
     * so those are refused instead.
     */
    private long realMillis(int virtualMillis) {
        long real = (long) Math.max(virtualMillis, 1) * scaleMillis;
        if (real > MAX_DELAY_MILLIS) {
            throw new IllegalArgumentException(virtualMillis + " virtual ms at " + scaleMillis
                    + " real ms each is more than Node's longest delay, " + MAX_DELAY_MILLIS + " ms");
        }
        return real;
    }

    private void line(int depth, String text) {
        out.append(INDENT.repeat(depth)).append(text).append('\n');
    }

    /** A single-quoted JS string literal. */
    private static String quote(String text) {
        StringBuilder literal = new StringBuilder("'");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\'', '\\' -> literal.append('\\').append(c);
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        literal.append(String.format("\\u%04x", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('\'').toString();
    }
}
