package dev.loop.workers;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.loop.api.EventLoop;
import dev.loop.spi.CallbackScope;
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
 * {@link Mailbox#put} against {@link Mailbox#attach} (the class comment: a put offers, fences, then
 * reads the delivery; an attach writes the delivery, fences, then counts the queued items). One
 * item is put while a delivery attaches to the empty mailbox. The delivery's loop only collects
 * the tasks handed to it; the arbiter then runs them in order on its own thread, as the loop
 * would. Result: how many tasks were handed to the loop, and how many items were received.
 *
 * <p>Two loops, because a delivery behaves differently on each: on a plain {@link EventLoop} every
 * schedule queues a task that takes one item; on a {@link CallbackScope} (loop-core's loop) one
 * task delivers the whole queue and a {@code scheduled} flag coalesces the rest.
 */
public final class MailboxStress {

    private static final Object ITEM = "item";

    private MailboxStress() {
    }

    @JCStressTest
    @Description("Mailbox: put() against attach() on a loop that runs one task per item")
    @Outcome(id = "1, 1", expect = ACCEPTABLE,
            desc = "Exactly one side saw the other: the put read the delivery and scheduled it, or the attach counted the item.")
    @Outcome(id = "2, 1", expect = ACCEPTABLE,
            desc = "Both saw each other: the put scheduled and the attach counted; the spare task finds the queue empty.")
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "Lost item: the put read no delivery and the attach counted no item; nobody will deliver it.")
    @Outcome(expect = FORBIDDEN, desc = "The item was not received exactly once.")
    @State
    public static class PutVersusAttach {
        private final Mailbox mailbox = new Mailbox();
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private int received;
        private final Mailbox.Delivery delivery =
                new Mailbox.Delivery(mailbox, collectingLoop(tasks, false), item -> received++);

        @Actor
        public void put() {
            mailbox.put(ITEM);
        }

        @Actor
        public void attach() {
            mailbox.attach(delivery);
        }

        @Arbiter
        public void deliver(II_Result r) {
            r.r1 = tasks.size();
            runAll(tasks);
            r.r2 = received;
        }
    }

    @JCStressTest
    @Description("Mailbox: put() against attach() on a callback-scope loop, where one task delivers the whole queue")
    @Outcome(id = "1, 1", expect = ACCEPTABLE,
            desc = "The put scheduled the delivery or the attach did (the scheduled flag lets only one task through); it delivered the item.")
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "Lost item: the put read no delivery and the attach counted no item; nobody will deliver it.")
    @Outcome(expect = FORBIDDEN,
            desc = "The item was not received exactly once, or the scheduled flag let a second task through.")
    @State
    public static class PutVersusAttachBatched {
        private final Mailbox mailbox = new Mailbox();
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private int received;
        private final Mailbox.Delivery delivery =
                new Mailbox.Delivery(mailbox, collectingLoop(tasks, true), item -> received++);

        @Actor
        public void put() {
            mailbox.put(ITEM);
        }

        @Actor
        public void attach() {
            mailbox.attach(delivery);
        }

        @Arbiter
        public void deliver(II_Result r) {
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
     * A loop that is never closed and only collects what {@code execute} hands it; with
     * {@code callbackScope}, it is also a {@link CallbackScope} that runs each callback at once.
     * A delivery uses nothing else of a loop, so any other method fails the test.
     */
    private static EventLoop collectingLoop(Queue<Runnable> tasks, boolean callbackScope) {
        Class<?>[] types = callbackScope
                ? new Class<?>[] {EventLoop.class, CallbackScope.class}
                : new Class<?>[] {EventLoop.class};
        return (EventLoop) Proxy.newProxyInstance(MailboxStress.class.getClassLoader(), types, (proxy, method, args) ->
                switch (method.getName()) {
                    case "execute" -> {
                        tasks.add((Runnable) args[0]);
                        yield null;
                    }
                    case "isClosed" -> false;
                    case "invokeCallback" -> {
                        ((Runnable) args[0]).run();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException("a delivery does not call " + method);
                });
    }
}
