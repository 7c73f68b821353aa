package dev.loop.testkit.program;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A generated scheduling program: the operations its main script performs, in order. The same
 * program runs on the loop ({@link ProgramRunner}), in the {@link ReferenceModel}, and in Node
 * (integration-tests renders it as a script); each produces a trace of labels to compare.
 *
 * <p>{@link #toString()} prints it as the Node script it stands for, which keeps shrunk
 * counter-examples readable.
 *
 * @param main the main script's operations
 */
public record Program(List<Op> main) {

    /** Copies the operations. */
    public Program {
        main = List.copyOf(main);
    }

    /**
     * Every callback in the program, depth first, in program order.
     *
     * @return the callbacks
     */
    public List<Callback> callbacks() {
        List<Callback> all = new ArrayList<>();
        visit(main, all::add);
        return all;
    }

    /**
     * Whether any operation, at any depth, is an {@link Op.Execute}.
     *
     * @return whether the program submits work from another thread
     */
    public boolean executesFromOtherThreads() {
        List<Boolean> found = new ArrayList<>();
        visitOps(main, op -> {
            if (op instanceof Op.Execute) {
                found.add(true);
            }
        });
        return !found.isEmpty();
    }

    /**
     * Whether any callback throws.
     *
     * @return whether the program has throwing callbacks
     */
    public boolean throwsAnywhere() {
        return callbacks().stream().anyMatch(Callback::throwsAfter);
    }

    private static void visit(List<Op> ops, Consumer<Callback> sink) {
        for (Op op : ops) {
            for (Callback callback : op.callbacks()) {
                sink.accept(callback);
                visit(callback.body(), sink);
            }
        }
    }

    private static void visitOps(List<Op> ops, Consumer<Op> sink) {
        for (Op op : ops) {
            sink.accept(op);
            for (Callback callback : op.callbacks()) {
                visitOps(callback.body(), sink);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        print(main, 0, out);
        return out.toString();
    }

    private static void print(List<Op> ops, int depth, StringBuilder out) {
        for (Op op : ops) {
            out.append("  ".repeat(depth));
            switch (op) {
                case Op.NextTick o -> head(out, "nextTick", o.callback(), "");
                case Op.QueueMicrotask o -> head(out, "queueMicrotask", o.callback(), "");
                case Op.SetTimeout o -> head(out, "setTimeout", o.callback(), ", " + o.delayMillis());
                case Op.SetInterval o -> head(out, "setInterval", o.callback(), ", " + o.periodMillis() + ", times " + o.count());
                case Op.SetImmediate o -> head(out, "setImmediate", o.callback(), "");
                case Op.Execute o -> head(out, "executeFromOtherThread", o.callback(), "");
                case Op.Clear o -> out.append("clear(").append(o.target()).append(")\n");
                case Op.Refresh o -> out.append("refresh(").append(o.target()).append(")\n");
                case Op.Ref o -> out.append("ref(").append(o.target()).append(")\n");
                case Op.Unref o -> out.append("unref(").append(o.target()).append(")\n");
                case Op.Busy o -> out.append("busy(").append(o.millis()).append(")\n");
                case Op.PromiseChain o -> {
                    out.append(o.label()).append(": Promise.").append(o.startRejected() ? "reject()" : "resolve()").append('\n');
                    for (Op.Step step : o.steps()) {
                        out.append("  ".repeat(depth + 1));
                        head(out, step.onRejected() ? ".catch" : ".then", step.callback(), "");
                        print(step.callback().body(), depth + 2, out);
                    }
                    continue;
                }
            }
            for (Callback callback : op.callbacks()) {
                print(callback.body(), depth + 1, out);
            }
        }
    }

    private static void head(StringBuilder out, String call, Callback callback, String args) {
        out.append(call).append('(').append(callback.label()).append(args).append(')');
        if (callback.throwsAfter()) {
            out.append(" throws");
        }
        out.append('\n');
    }
}
