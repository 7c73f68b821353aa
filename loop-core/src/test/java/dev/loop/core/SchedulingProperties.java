package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Properties of DESIGN §2.1 over generated programs: timer order for random delays under virtual
 * time, and the drain order of random nextTick and microtask trees (per-producer FIFO with
 * concurrent producers is loop-tck's SchedulingContract, run on every poller). Each expected order comes from a small model written here, not from the loop.
 */
class SchedulingProperties {

    // ---------------------------------------------------------------- timer order

    /** A timer created at time 0, and the timers its callback creates. */
    record TimerSpec(int delay, List<Integer> childDelays, boolean cancelNextSibling) {
    }

    @Provide
    Arbitrary<List<TimerSpec>> timerPrograms() {
        Arbitrary<Integer> delays = Arbitraries.oneOf(Arbitraries.integers().between(0, 40), Arbitraries.of(0, 1, 5, 10));
        Arbitrary<TimerSpec> spec = net.jqwik.api.Combinators.combine(delays, delays.list().ofMaxSize(3), Arbitraries.of(true, false))
                .as(TimerSpec::new);
        return spec.list().ofMaxSize(25);
    }

    @Property(tries = 300)
    void timersFireAtTheirDeadlineNeverEarlyAndCancelledOnesNever(@ForAll("timerPrograms") List<TimerSpec> program) {
        VirtualTime time = new VirtualTime();
        EventLoop loop = time.newLoop();
        List<String> fired = new ArrayList<>();
        List<String> early = new ArrayList<>();
        loop.run(() -> {
            Timeout[] top = new Timeout[program.size()];
            for (int i = 0; i < program.size(); i++) {
                TimerSpec spec = program.get(i);
                String name = "t" + i;
                int index = i;
                long deadline = loop.now() + Math.max(1, spec.delay());
                top[i] = loop.setTimeout(() -> {
                    fired.add(name + "@" + loop.now());
                    if (loop.now() < deadline) {
                        early.add(name);
                    }
                    if (spec.cancelNextSibling() && index + 1 < top.length) {
                        top[index + 1].close();
                    }
                    for (int c = 0; c < spec.childDelays().size(); c++) {
                        String child = name + "." + c;
                        long childDeadline = loop.now() + Math.max(1, spec.childDelays().get(c));
                        loop.setTimeout(() -> {
                            fired.add(child + "@" + loop.now());
                            if (loop.now() < childDeadline) {
                                early.add(child);
                            }
                        }, spec.childDelays().get(c));
                    }
                }, spec.delay());
            }
        });
        assertEquals(List.of(), early);
        // Which timers fire, and when. The order among timers due at the same time follows Node's
        // per-duration lists; loop-testkit's reference model checks it (SchedulingModelIT).
        assertEquals(TimerModel.expected(program).stream().sorted().toList(), fired.stream().sorted().toList());
    }

    /** The obviously-correct model of which timers fire when: pending timers, firing the earliest. */
    static final class TimerModel {
        record Pending(long deadline, long seq, String name, TimerSpec spec, int index, Integer childDelay) {
        }

        static List<String> expected(List<TimerSpec> program) {
            List<Pending> pending = new ArrayList<>();
            long[] seq = {0};
            for (int i = 0; i < program.size(); i++) {
                pending.add(new Pending(Math.max(1, program.get(i).delay()), seq[0]++, "t" + i, program.get(i), i, null));
            }
            List<String> out = new ArrayList<>();
            List<Integer> cancelled = new ArrayList<>();
            while (!pending.isEmpty()) {
                Pending next = pending.stream()
                        .min(Comparator.comparingLong(Pending::deadline).thenComparingLong(Pending::seq)).orElseThrow();
                pending.remove(next);
                if (next.childDelay() == null && cancelled.contains(next.index())) {
                    continue;
                }
                long now = next.deadline(); // virtual time jumps exactly to the deadline
                out.add(next.name() + "@" + now);
                if (next.childDelay() == null) {
                    if (next.spec().cancelNextSibling()) {
                        cancelled.add(next.index() + 1);
                    }
                    List<Integer> children = next.spec().childDelays();
                    for (int c = 0; c < children.size(); c++) {
                        pending.add(new Pending(now + Math.max(1, children.get(c)), seq[0]++, next.name() + "." + c,
                                null, -1, children.get(c)));
                    }
                }
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- nextTick / microtask drain

    /** A callback queued as a nextTick or a microtask, which queues its children when it runs. */
    record Node(boolean tick, List<Node> children) {
    }

    @Provide
    Arbitrary<List<Node>> tickTrees() {
        return nodes(3).list().ofMaxSize(4);
    }

    private Arbitrary<Node> nodes(int depth) {
        Arbitrary<Boolean> kind = Arbitraries.of(true, false);
        if (depth == 0) {
            return kind.map(tick -> new Node(tick, List.of()));
        }
        return net.jqwik.api.Combinators.combine(kind, Arbitraries.lazy(() -> nodes(depth - 1)).list().ofMaxSize(3))
                .as(Node::new);
    }

    @Property(tries = 300)
    void ticksAndMicrotasksDrainInNodeOrder(@ForAll("tickTrees") @Size(max = 4) List<Node> roots) {
        EventLoop loop = EventLoop.create();
        List<String> ran = new ArrayList<>();
        loop.run(() -> schedule(loop, roots, "", ran));
        assertEquals(DrainModel.expected(roots), ran);
    }

    private static void schedule(EventLoop loop, List<Node> nodes, String prefix, List<String> ran) {
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String name = prefix + (node.tick() ? "T" : "M") + i;
            Runnable callback = () -> {
                ran.add(name);
                schedule(loop, node.children(), name + ".", ran);
            };
            if (node.tick()) {
                loop.nextTick(callback);
            } else {
                loop.queueMicrotask(callback);
            }
        }
    }

    /** Node's processTicksAndRejections over two FIFO queues, written out by hand. */
    static final class DrainModel {
        record Item(String name, Node node) {
        }

        static List<String> expected(List<Node> roots) {
            java.util.ArrayDeque<Item> ticks = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<Item> micro = new java.util.ArrayDeque<>();
            enqueue(roots, "", ticks, micro);
            List<String> out = new ArrayList<>();
            do {
                while (!ticks.isEmpty()) {
                    Item item = ticks.poll();
                    out.add(item.name());
                    enqueue(item.node().children(), item.name() + ".", ticks, micro);
                }
                while (!micro.isEmpty()) {
                    Item item = micro.poll();
                    out.add(item.name());
                    enqueue(item.node().children(), item.name() + ".", ticks, micro);
                }
            } while (!ticks.isEmpty());
            return out;
        }

        private static void enqueue(List<Node> nodes, String prefix, java.util.ArrayDeque<Item> ticks,
                                    java.util.ArrayDeque<Item> micro) {
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                Item item = new Item(prefix + (node.tick() ? "T" : "M") + i, node);
                (node.tick() ? ticks : micro).add(item);
            }
        }
    }
}
