package dev.loop.value.shared;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.api.Promise;
import dev.loop.spi.LoopContext;
import dev.loop.value.shared.mapped.CrossProcessMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The waiters of a buffer that other processes map: every waiter, in any process, sleeps on a
 * shared futex on the element's word, and {@code notify} is a {@code FUTEX_WAKE} of it. So a
 * notify in one process wakes waiters in all of them, and the count it returns is exact: the
 * kernel says how many sleepers it woke, wherever they were. What it cannot give is
 * ECMAScript's strict FIFO order across processes: the kernel wakes sleepers in its own order
 * (first come, first served among threads of equal priority).
 *
 * <p>A wait checks the value, then sleeps only if the futex word still holds it (the kernel's
 * check and the sleep are one step); a store between the two reads as {@code not-equal}, as if
 * the wait had begun after it. Sleeps last at most a slice ({@link #SLICE_NANOS}), after which the
 * whole element is checked again, so a store with no notify ends a wait within a slice (as
 * {@code not-equal}); ECMAScript would wait for a notify. A 64-bit element sleeps on its low 32
 * bits (little-endian): a store that changes only its high half is seen at that check, within a
 * slice, even when its notify came too early to wake the futex.
 *
 * <p>A sleeper counts itself, before it sleeps, in the file's table of sleepers
 * ({@link CrossProcessMemory#sleepers()}), and a notify that finds the count at 0 makes no system
 * call. Invariant (a Dekker pair across processes): the notifier's store to the element precedes
 * its read of the count, and the sleeper's increment precedes the kernel's check of the element;
 * both are sequentially consistent, so either the notifier sees the sleeper counted and wakes
 * the futex, or the sleeper's kernel check sees the new value and does not sleep. A notify with
 * no store to the element before it (a bare notify) can therefore miss a waiter that is about to
 * sleep, and so can it on any futex: store, then notify, as ECMAScript programs do.
 *
 * <p>An asynchronous wait takes a daemon thread of its own, which sleeps on the futex for it.
 * Sleeps are cut into slices of {@link #SLICE_NANOS} so that an interrupt, or the closing of the
 * waiting loop, ends them.
 *
 * <p><b>Thread safety:</b> any thread.
 */
final class FutexWaiters implements WaitQueue {

    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final int ETIMEDOUT = 110;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_SPIN_NANOS = 50_000;

    private static final VarHandle COUNT = ValueLayout.JAVA_INT.varHandle();

    private final CrossProcessMemory mapping;
    private final MemorySegment sleepers;
    private final long sleepersMask;
    /** This process's sleepers, for tests. */
    private final AtomicInteger sleeping = new AtomicInteger();
    /**
     * How long a blocking wait watches the value before it sleeps on the futex, as
     * {@link Waiters} spins: back at the maximum when the value changed while it watched, halved
     * when it did not. Two processes in a ping-pong so answer each other without a system call,
     * while a rarely notified waiter soon stops burning a core. Racy updates are harmless.
     */
    private volatile long spinNanos = MAX_SPIN_NANOS;

    FutexWaiters(CrossProcessMemory mapping) {
        this.mapping = mapping;
        this.sleepers = mapping.sleepers();
        this.sleepersMask = sleepers.byteSize() / Integer.BYTES - 1;
    }

    /** The byte offset in {@link #sleepers} of the count for the element at {@code offset}. */
    private long sleepersEntry(long offset) {
        return ((offset >>> 2) & sleepersMask) * Integer.BYTES;
    }

    @Override
    public WaitResult await(TypedView view, long offset, long expected, long timeoutNanos) {
        WaitQueue.refuseOnClosingLoop();
        if (view.loadVolatile(offset) != expected) {
            return WaitResult.NOT_EQUAL;
        }
        long spin = Math.min(spinNanos, timeoutNanos);
        long start = System.nanoTime();
        while (System.nanoTime() - start < spin) {
            if (view.loadVolatile(offset) != expected) {
                spinNanos = MAX_SPIN_NANOS;
                return WaitResult.NOT_EQUAL; // stored to while we watched: the wait begins after that store
            }
            Thread.onSpinWait();
        }
        spinNanos = spin / 2;
        long sleptAt = System.nanoTime();
        long left = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : timeoutNanos - (sleptAt - start);
        WaitResult result = sleep(view, offset, expected, left, null);
        if (result != WaitResult.TIMED_OUT && System.nanoTime() - sleptAt < MAX_SPIN_NANOS) {
            spinNanos = MAX_SPIN_NANOS; // a spin would have caught this change
        }
        return result;
    }

    @Override
    public Promise<WaitResult> awaitAsync(EventLoop loop, TypedView view, long offset, long expected, long timeoutMillis) {
        LoopContext context = LoopContext.of(loop); // a foreign loop fails here, whatever the value
        if (view.loadVolatile(offset) != expected) {
            return loop.resolved(WaitResult.NOT_EQUAL);
        }
        if (timeoutMillis <= 0) {
            return loop.resolved(WaitResult.TIMED_OUT);
        }
        Promise.Resolvers<WaitResult> result = loop.withResolvers();
        Handle keepAlive = loop.keepAlive(Waiters.KIND);
        long nanos = timeoutMillis == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Thread.ofPlatform().daemon(true).name("loop-atomics-wait-async").start(() -> {
            WaitResult outcome;
            try {
                outcome = sleep(view, offset, expected, nanos, loop);
            } catch (CancellationException closed) {
                return; // the loop closed: nobody is left to see the result
            } catch (RuntimeException | Error failed) {
                context.deliverUnlessClosed(() -> {
                    keepAlive.close();
                    result.reject(failed);
                });
                return;
            }
            context.deliverUnlessClosed(() -> {
                keepAlive.close();
                result.resolve(outcome);
            });
        });
        return result.promise();
    }

    /**
     * Sleeps on the element's futex word until woken, the timeout, or a change of the value.
     *
     * @param waitingLoop for an asynchronous wait, the loop whose closing ends it; else null
     */
    private WaitResult sleep(TypedView view, long offset, long expected, long timeoutNanos, EventLoop waitingLoop) {
        if (view.loadVolatile(offset) != expected) {
            return WaitResult.NOT_EQUAL;
        }
        if (timeoutNanos <= 0) {
            return WaitResult.TIMED_OUT;
        }
        MemorySegment word = view.memory().asSlice(offset, Integer.BYTES); // the low half of a long
        long entry = sleepersEntry(offset);
        long start = System.nanoTime();
        sleeping.incrementAndGet();
        COUNT.getAndAdd(sleepers, entry, 1); // before the kernel's check of the word: see the invariant
        try {
            while (true) {
                // The kernel compares only the low 32 bits: the whole element is checked here, after
                // the count went up and after every slice, so a 64-bit store that changed only the
                // high half ends the wait within a slice, notified or not.
                if (view.loadVolatile(offset) != expected) {
                    return WaitResult.NOT_EQUAL;
                }
                long left = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return WaitResult.TIMED_OUT;
                }
                int woken = mapping.futexWait(word, (int) expected, Math.min(left, SLICE_NANOS));
                if (woken == 0) {
                    return WaitResult.OK;
                }
                if (woken == -EAGAIN) {
                    return WaitResult.NOT_EQUAL; // stored to since the check: the wait begins after that store
                }
                if (woken != -ETIMEDOUT && woken != -EINTR) {
                    throw new IllegalStateException("futex wait failed with errno " + -woken);
                }
                if (waitingLoop != null ? waitingLoop.isClosed() : Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("Atomics.wait was interrupted (the worker is terminating, or its"
                            + " thread was interrupted, or the waiting loop closed); an interrupt flag stays set");
                }
            }
        } finally {
            COUNT.getAndAdd(sleepers, entry, -1);
            sleeping.decrementAndGet();
        }
    }

    @Override
    public int notify(long offset, int count) {
        if (count <= 0) {
            return 0;
        }
        VarHandle.fullFence(); // a plain store before this notify is ordered before the read of the count
        if ((int) COUNT.getVolatile(sleepers, sleepersEntry(offset)) == 0) {
            return 0; // nobody sleeps on it in any process: see the invariant
        }
        return Math.max(0, mapping.futexWake(mapping.memory().asSlice(offset, Integer.BYTES), count));
    }

    @Override
    public int count(long offset) {
        return sleeping.get();
    }
}
