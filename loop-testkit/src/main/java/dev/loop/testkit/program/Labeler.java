package dev.loop.testkit.program;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives a generated program its labels, in program order, and points each clear/ref/unref at an
 * earlier-or-later handle of the program by the number it was generated with (modulo the number
 * of handles; {@code "-"}, which matches nothing, when there are none).
 */
final class Labeler {

    private final List<String> handles = new ArrayList<>();
    private int next = 1;

    private Labeler() {
    }

    static Program label(List<Op> main) {
        Labeler labeler = new Labeler();
        List<Op> labelled = labeler.ops(main);
        return new Program(labeler.targets(labelled));
    }

    private List<Op> ops(List<Op> ops) {
        List<Op> out = new ArrayList<>(ops.size());
        for (Op op : ops) {
            out.add(switch (op) {
                case Op.NextTick o -> new Op.NextTick(callback("t", o.callback(), false));
                case Op.QueueMicrotask o -> new Op.QueueMicrotask(callback("m", o.callback(), false));
                case Op.SetTimeout o -> new Op.SetTimeout(callback("T", o.callback(), true), o.delayMillis());
                case Op.SetInterval o -> new Op.SetInterval(callback("V", o.callback(), true), o.periodMillis(), o.count());
                case Op.SetImmediate o -> new Op.SetImmediate(callback("I", o.callback(), true));
                case Op.Execute o -> new Op.Execute(callback("X", o.callback(), false));
                case Op.PromiseChain o -> chain(o);
                case Op.Clear o -> o;
                case Op.Refresh o -> o;
                case Op.Ref o -> o;
                case Op.Unref o -> o;
                case Op.Busy o -> o;
            });
        }
        return out;
    }

    private Callback callback(String prefix, Callback callback, boolean handle) {
        String label = prefix + next++;
        if (handle) {
            handles.add(label);
        }
        return new Callback(label, ops(callback.body()), callback.throwsAfter());
    }

    private Op chain(Op.PromiseChain chain) {
        String label = "P" + next++;
        List<Op.Step> steps = new ArrayList<>();
        for (int i = 0; i < chain.steps().size(); i++) {
            Op.Step step = chain.steps().get(i);
            Callback callback = step.callback();
            steps.add(new Op.Step(step.onRejected(), new Callback(label + "." + (i + 1), ops(callback.body()), callback.throwsAfter())));
        }
        return new Op.PromiseChain(label, chain.startRejected(), steps);
    }

    /** Second pass: handle numbers become labels, now that every handle has one. */
    private List<Op> targets(List<Op> ops) {
        List<Op> out = new ArrayList<>(ops.size());
        for (Op op : ops) {
            out.add(switch (op) {
                case Op.NextTick o -> new Op.NextTick(retarget(o.callback()));
                case Op.QueueMicrotask o -> new Op.QueueMicrotask(retarget(o.callback()));
                case Op.SetTimeout o -> new Op.SetTimeout(retarget(o.callback()), o.delayMillis());
                case Op.SetInterval o -> new Op.SetInterval(retarget(o.callback()), o.periodMillis(), o.count());
                case Op.SetImmediate o -> new Op.SetImmediate(retarget(o.callback()));
                case Op.Execute o -> new Op.Execute(retarget(o.callback()));
                case Op.PromiseChain o -> new Op.PromiseChain(o.label(), o.startRejected(),
                        o.steps().stream().map(s -> new Op.Step(s.onRejected(), retarget(s.callback()))).toList());
                case Op.Clear o -> new Op.Clear(handle(o.target()));
                case Op.Refresh o -> new Op.Refresh(handle(o.target()));
                case Op.Ref o -> new Op.Ref(handle(o.target()));
                case Op.Unref o -> new Op.Unref(handle(o.target()));
                case Op.Busy o -> o;
            });
        }
        return out;
    }

    private Callback retarget(Callback callback) {
        return new Callback(callback.label(), targets(callback.body()), callback.throwsAfter());
    }

    private String handle(String number) {
        return handles.isEmpty() ? "-" : handles.get(Integer.parseInt(number) % handles.size());
    }
}
