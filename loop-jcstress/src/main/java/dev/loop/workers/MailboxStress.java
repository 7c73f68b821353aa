package dev.loop.workers;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.loop.api.EventLoop;
import dev.loop.spi.LoopContext;
import java.lang.reflect.Proxy;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link Mailbox#put} against the consumer's decisions (the class comment: every put holds the
 * mailbox's lock, and so do an attach and a delivery that ran dry when it decides to stop; one
 * that finds the lock held looks again in a task of its own). The
 * delivery's loop only collects the tasks handed to it; the arbiter then runs them in order on its
 * own thread, as the loop would. Result: how many tasks were handed to the loop, and how many
 * items were received.
 *
 * <p>One task delivers the whole queue, and a {@code scheduled} flag coalesces the rest.
 */
public final class MailboxStress {

    private static final Object ITEM = "item";

    private MailboxStress() {
    }

    @JCStressTest
    @Description("Mailbox: put() against attach(), where one task delivers the whole queue")
    @Outcome(id = "1, 1", expect = ACCEPTABLE,
            desc = "The put scheduled the delivery or the attach did (the scheduled flag lets only one task through); it delivered the item.")
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "Lost item: the put read no delivery and the attach counted no item; nobody will deliver it.")
    @Outcome(expect = FORBIDDEN,
            desc = "The item was not received exactly once, or the scheduled flag let a second task through.")
    @State
    public static class PutVersusAttachBatched extends Fixture {

        @Actor
        public void put() {
            mailbox.putLocked(ITEM);
        }

        @Actor
        public void attach() {
            mailbox.attach(delivery);
        }

        @Arbiter
        public void deliver(II_Result r) {
            report(r);
        }
    }

    /**
     * A delivery's task runs dry and ends while a second item is put: the put finds the task still
     * scheduled (and the task, deciding under the lock, sees the item and queues another), or finds
     * it ended and queues one itself.
     */
    @JCStressTest
    @Description("Mailbox: put() against a delivery task that ran dry deciding to stop")
    @Outcome(id = "0, 2", expect = ACCEPTABLE,
            desc = "The put came before the running task polled: it delivered both, and no task was queued.")
    @Outcome(id = "1, 2", expect = ACCEPTABLE,
            desc = "The put came later: exactly one more task was queued (by the put, or by the task that saw the item"
                    + " when it decided to stop), and it delivered the item.")
    @Outcome(id = "0, 1", expect = FORBIDDEN,
            desc = "Lost item: the task stopped without seeing it and the put saw the task still scheduled.")
    @Outcome(expect = FORBIDDEN,
            desc = "An item was not received exactly once, or two tasks were queued at once.")
    @State
    public static class PutVersusDrainedTask extends Fixture {
        private final Runnable first;

        public PutVersusDrainedTask() {
            mailbox.putLocked(ITEM); // before the attach: the attach queues the one task
            mailbox.attach(delivery);
            first = tasks.poll();
        }

        @Actor
        public void put() {
            mailbox.putLocked(ITEM);
        }

        @Actor
        public void runTask() {
            first.run();
        }

        @Arbiter
        public void deliver(II_Result r) {
            report(r);
        }
    }

    /**
     * Two threads put at once into an attached mailbox whose delivery is idle: the lock makes them
     * one producer at a time (the queue is a single-producer one) and lets exactly one of them
     * queue the task. A lock that did not exclude would lose an item or queue two tasks.
     */
    @JCStressTest
    @Description("Mailbox: two puts at once, each holding the lock, into an idle attached mailbox")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "One task was queued, and it delivered both items once.")
    @Outcome(expect = FORBIDDEN, desc = "An item was lost or delivered twice, or two tasks were queued.")
    @State
    public static class TwoPuttersAtOnce extends Fixture {

        public TwoPuttersAtOnce() {
            mailbox.attach(delivery); // nothing queued: no task yet
        }

        @Actor
        public void first() {
            mailbox.putLocked(ITEM);
        }

        @Actor
        public void second() {
            mailbox.putLocked("other item");
        }

        @Arbiter
        public void deliver(II_Result r) {
            report(r);
        }
    }

    /**
     * What every case shares: a mailbox, a delivery whose loop only collects the tasks handed to it,
     * and the count of items received. The arbiter reports how many tasks were handed over, then
     * runs them all, as the loop would, and reports how many items arrived.
     */
    abstract static class Fixture {
        final Mailbox mailbox = new Mailbox();
        final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        int received;
        final Mailbox.Delivery delivery = new Mailbox.Delivery(mailbox, collectingContext(tasks), item -> received++);

        void report(II_Result r) {
            r.r1 = tasks.size();
            runAll(tasks);
            r.r2 = received;
        }
    }

    /** Runs the collected tasks, and those they queue, on the calling thread: the loop's role. */
    private static void runAll(Queue<Runnable> tasks) {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            task.run();
        }
    }

    /**
     * A loop context whose loop is never closed and which only collects the tasks handed to it,
     * running each callback at once. A delivery uses nothing else, so any other method fails the
     * test.
     */
    private static LoopContext collectingContext(Queue<Runnable> tasks) {
        EventLoop loop = (EventLoop) Proxy.newProxyInstance(MailboxStress.class.getClassLoader(),
                new Class<?>[] {EventLoop.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed" -> false;
                    default -> throw new UnsupportedOperationException("a delivery does not call " + method);
                });
        return (LoopContext) Proxy.newProxyInstance(MailboxStress.class.getClassLoader(),
                new Class<?>[] {LoopContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "loop" -> loop;
                    case "deliverUnlessClosed" -> {
                        tasks.add((Runnable) args[0]);
                        yield true;
                    }
                    case "invoke" -> {
                        ((Runnable) args[0]).run();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException("a delivery does not call " + method);
                });
    }
}
