package dev.loop.value.shared;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.Promise;
import dev.loop.api.Timeout;
import dev.loop.spi.LoopContext;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * ECMAScript's waiter lists for one {@link SharedBuffer}: per byte offset, the agents suspended in
 * {@link Atomics#wait} or {@link Atomics#waitAsync}, in FIFO order.
 *
 * <p>Invariant: a waiter is woken by whoever removes it from its list, and removal happens only
 * under {@link #lock} (ECMAScript's critical section). The value check in a wait and the enqueue
 * happen in one critical section, so a store followed by a notify on another thread either
 * changes the value before the check ({@code not-equal}) or finds the waiter in the list; no
 * wake-up is lost. A timed-out or interrupted waiter leaves through {@link #leave}, which tells it
 * whether a notify removed it first, in which case its result is {@code ok}. Covered by the
 * jcstress test WaitersStress (loop-jcstress: wait against notify, timeout against notify) and
 * AtomicsTest's ping-pong.
 */
final class Waiters implements WaitQueue {

    /** What {@code activeResources()} lists a pending {@code Atomics.waitAsync} as. */
    static final dev.loop.api.ResourceKind KIND = dev.loop.api.ResourceKind.of("AtomicsWaitAsync");

    private static final long MAX_SPIN_NANOS = 100_000;

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final HashMap<Long, ArrayDeque<Waiter>> lists = new HashMap<>();
    /**
     * How long a blocking wait spins before it parks. Halves each time a spin ends without a
     * notify, and is back at the maximum when a notify came while spinning or soon enough after
     * parking that a spin would have caught it. So two threads in a ping-pong both end up spinning
     * and answer each other in microseconds, while a waiter whose notifies come rarely stops
     * burning a core after a few waits. Racy updates are harmless.
     */
    private volatile long spinNanos = MAX_SPIN_NANOS;

    @Override
    public WaitResult await(TypedView view, long offset, long expected, long timeoutNanos) {
        WaitQueue.refuseOnClosingLoop();
        SyncWaiter waiter;
        lock.lock();
        try {
            if (view.loadVolatile(offset) != expected) {
                return WaitResult.NOT_EQUAL;
            }
            if (timeoutNanos <= 0) {
                return WaitResult.TIMED_OUT;
            }
            waiter = new SyncWaiter(offset, Thread.currentThread());
            enqueue(waiter);
        } finally {
            lock.unlock();
        }
        long start = System.nanoTime();
        long spin = Math.min(spinNanos, timeoutNanos);
        while (System.nanoTime() - start < spin) {
            if (waiter.notified) {
                spinNanos = MAX_SPIN_NANOS;
                return WaitResult.OK;
            }
            Thread.onSpinWait();
        }
        spinNanos = spin / 2;
        long parkedAt = System.nanoTime();
        // Dekker with wake(): we write parked then read notified; the notifier writes notified then
        // reads parked. Both are volatile, so at least one of us sees the other's write.
        waiter.parked = true;
        while (!waiter.notified) {
            long left = timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                return leave(waiter) ? WaitResult.TIMED_OUT : WaitResult.OK;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                if (leave(waiter)) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("Atomics.wait was interrupted (the worker is terminating,"
                            + " or its thread was interrupted); the thread's interrupt flag is set again");
                }
                Thread.currentThread().interrupt();
                return WaitResult.OK;
            }
        }
        if (System.nanoTime() - parkedAt < MAX_SPIN_NANOS) {
            spinNanos = MAX_SPIN_NANOS; // a spin would have caught this notify
        }
        return WaitResult.OK;
    }

    @Override
    public Promise<WaitResult> awaitAsync(EventLoop loop, TypedView view, long offset, long expected, long timeoutMillis) {
        LoopContext context = LoopContext.of(loop); // a foreign loop fails here, whatever the value
        AsyncWaiter waiter;
        lock.lock();
        try {
            if (view.loadVolatile(offset) != expected) {
                return loop.resolved(WaitResult.NOT_EQUAL);
            }
            if (timeoutMillis <= 0) {
                return loop.resolved(WaitResult.TIMED_OUT);
            }
            waiter = new AsyncWaiter(offset, loop, context);
            enqueue(waiter);
        } finally {
            lock.unlock();
        }
        // On the loop thread, before any settle: a notify's settle is a task the loop runs later.
        return waiter.start(this, timeoutMillis);
    }

    @Override
    public int notify(long offset, int count) {
        Waiter[] woken;
        lock.lock();
        try {
            ArrayDeque<Waiter> list = lists.get(offset);
            if (list == null) {
                return 0;
            }
            list.removeIf(Waiter::gone); // their loops closed: they must not absorb a notify
            woken = new Waiter[Math.min(count, list.size())];
            for (int i = 0; i < woken.length; i++) {
                woken[i] = list.pollFirst();
            }
            if (list.isEmpty()) {
                lists.remove(offset);
            }
        } finally {
            lock.unlock();
        }
        for (Waiter waiter : woken) {
            waiter.wake();
        }
        return woken.length;
    }

    /** How many wait at {@code offset} now; for tests. */
    @Override
    public int count(long offset) {
        lock.lock();
        try {
            ArrayDeque<Waiter> list = lists.get(offset);
            return list == null ? 0 : list.size();
        } finally {
            lock.unlock();
        }
    }

    /** Removes a waiter that stops waiting by itself; false if a notify removed it first. */
    private boolean leave(Waiter waiter) {
        lock.lock();
        try {
            ArrayDeque<Waiter> list = lists.get(waiter.offset);
            if (list == null || !list.removeFirstOccurrence(waiter)) {
                return false;
            }
            if (list.isEmpty()) {
                lists.remove(waiter.offset);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(Waiter waiter) {
        lists.computeIfAbsent(waiter.offset, o -> new ArrayDeque<>()).addLast(waiter);
    }

    private abstract static class Waiter {
        final long offset;

        Waiter(long offset) {
            this.offset = offset;
        }

        /** Called once, by the notifier, after it removed this waiter from its list. */
        abstract void wake();

        /** Whether nobody can see a wake-up any more (an async waiter whose loop closed). */
        boolean gone() {
            return false;
        }
    }

    private static final class SyncWaiter extends Waiter {
        final Thread thread;
        volatile boolean notified;
        volatile boolean parked;

        SyncWaiter(long offset, Thread thread) {
            super(offset);
            this.thread = thread;
        }

        @Override
        void wake() {
            notified = true;
            if (parked) {
                LockSupport.unpark(thread);
            }
        }
    }

    /** Loop-thread state except {@link #wake}, which only hands a task to the loop. */
    private static final class AsyncWaiter extends Waiter {
        final EventLoop loop;
        private final LoopContext context;
        private Promise.Resolvers<WaitResult> result;
        private Handle keepAlive;
        private Timeout timer;

        AsyncWaiter(long offset, EventLoop loop, LoopContext context) {
            super(offset);
            this.loop = loop;
            this.context = context;
        }

        Promise<WaitResult> start(Waiters waiters, long timeoutMillis) {
            result = loop.withResolvers();
            keepAlive = loop.keepAlive(KIND);
            // Beyond the longest timer (about 24.8 days) the wait is as good as unlimited.
            if (timeoutMillis <= EventLoop.MAX_DELAY_MILLIS) {
                timer = loop.setTimeout(() -> {
                    if (waiters.leave(this)) {
                        settle(WaitResult.TIMED_OUT);
                    }
                }, timeoutMillis).unref(); // the keep-alive above holds the loop: activeResources() shows one wait
            }
            return result.promise();
        }

        @Override
        void wake() {
            // A closed waiting loop leaves nobody to see the result; a full one is waited for.
            context.deliverUnlessClosed(() -> settle(WaitResult.OK));
        }

        @Override
        boolean gone() {
            return loop.isClosed();
        }

        private void settle(WaitResult outcome) {
            keepAlive.close();
            if (timer != null) {
                timer.close();
            }
            result.resolve(outcome);
        }
    }

    static long toNanos(java.time.Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        if (timeout.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L - 1) {
            return Long.MAX_VALUE; // no limit; without a thrown ArithmeticException, which costs tens of us
        }
        return timeout.toNanos();
    }

    static long toMillis(java.time.Duration timeout) {
        long nanos = toNanos(timeout);
        return nanos == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
    }
}
