package dev.loop.value.shared;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Atomic operations on {@link SharedBuffer} views, with ECMAScript's {@code Atomics} semantics:
 * every operation is sequentially consistent, every index is bounds-checked, and
 * {@link #wait}/{@link #notify} suspend and wake threads on an element.
 *
 * <p><b>Waiting on a loop thread.</b> A blocking {@link #wait} stops everything the loop would do,
 * as it does in Node. It is allowed, because a worker that blocks on purpose is a common pattern,
 * but the first blocking wait on each loop thread logs a warning through {@link System.Logger}
 * ({@code dev.loop.value.shared.Atomics}) that names {@link #waitAsync}, which never blocks the loop.
 *
 * <p><b>Blocking waits spin briefly first.</b> A waiter spins for up to tens of microseconds before it
 * parks, adapting to how often a notify arrives in that window, so that a ping-pong between two
 * threads answers in well under the cost of a park and unpark.
 *
 * <p>Only views of a {@link SharedBuffer} exist, so waiting on memory that is not shared cannot be
 * written.
 */
public final class Atomics {

    /** No timeout. */
    public static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    private static final System.Logger LOG = System.getLogger(Atomics.class.getName());
    /** Loop threads already warned about a blocking wait. */
    private static final ThreadLocal<Boolean> WARNED = new ThreadLocal<>();

    private Atomics() {
    }

    /**
     * Reads the element at {@code index}.
     *
     * @param view the view
     * @param index from 0
     * @return the element
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int load(Int32Array view, int index) {
        return (int) Int32Array.ELEMENT.getVolatile(view.memory(), view.offsetOf(index));
    }

    /**
     * Writes the element at {@code index}.
     *
     * @param view the view
     * @param index from 0
     * @param value what to store
     * @return {@code value}, as in ECMAScript
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int store(Int32Array view, int index, int value) {
        Int32Array.ELEMENT.setVolatile(view.memory(), view.offsetOf(index), value);
        return value;
    }

    /**
     * Adds {@code value} to the element, atomically.
     *
     * @param view the view
     * @param index from 0
     * @param value the operand
     * @return the element before the operation
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int add(Int32Array view, int index, int value) {
        return (int) Int32Array.ELEMENT.getAndAdd(view.memory(), view.offsetOf(index), value);
    }

    /**
     * Subtracts {@code value} from the element, atomically.
     *
     * @param view the view
     * @param index from 0
     * @param value the operand
     * @return the element before the operation
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int sub(Int32Array view, int index, int value) {
        return (int) Int32Array.ELEMENT.getAndAdd(view.memory(), view.offsetOf(index), -value);
    }

    /**
     * Bitwise-ands the element with {@code value}, atomically.
     *
     * @param view the view
     * @param index from 0
     * @param value the operand
     * @return the element before the operation
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int and(Int32Array view, int index, int value) {
        return (int) Int32Array.ELEMENT.getAndBitwiseAnd(view.memory(), view.offsetOf(index), value);
    }

    /**
     * Bitwise-ors the element with {@code value}, atomically.
     *
     * @param view the view
     * @param index from 0
     * @param value the operand
     * @return the element before the operation
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int or(Int32Array view, int index, int value) {
        return (int) Int32Array.ELEMENT.getAndBitwiseOr(view.memory(), view.offsetOf(index), value);
    }

    /**
     * Bitwise-xors the element with {@code value}, atomically.
     *
     * @param view the view
     * @param index from 0
     * @param value the operand
     * @return the element before the operation
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int xor(Int32Array view, int index, int value) {
        return (int) Int32Array.ELEMENT.getAndBitwiseXor(view.memory(), view.offsetOf(index), value);
    }

    /**
     * Replaces the element with {@code value}, atomically.
     *
     * @param view the view
     * @param index from 0
     * @param value the operand
     * @return the element before the operation
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int exchange(Int32Array view, int index, int value) {
        return (int) Int32Array.ELEMENT.getAndSet(view.memory(), view.offsetOf(index), value);
    }

    /**
     * Replaces the element with {@code replacement} if it equals {@code expected}, atomically.
     *
     * @param view the view
     * @param index from 0
     * @param expected the value the element must hold
     * @param replacement its new value
     * @return the element before the operation: {@code expected} if it was replaced
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int compareExchange(Int32Array view, int index, int expected, int replacement) {
        return (int) Int32Array.ELEMENT.compareAndExchange(view.memory(), view.offsetOf(index), expected, replacement);
    }

    /**
     * Blocks until notified, if the element at {@code index} holds {@code expected}; without a
     * timeout. See {@link #wait(Int32Array, int, int, Duration)}.
     *
     * @param view the view
     * @param index from 0
     * @param expected the value to wait on
     * @return {@link WaitResult#OK} or {@link WaitResult#NOT_EQUAL}
     */
    public static WaitResult wait(Int32Array view, int index, int expected) {
        return wait(view, index, expected, FOREVER);
    }

    /**
     * Blocks until notified or until {@code timeout} passes, if the element at {@code index}
     * holds {@code expected}. See the class documentation for loop threads.
     *
     * @param view the view
     * @param index from 0
     * @param expected the value to wait on
     * @param timeout how long to wait at most; negative counts as zero
     * @return {@code ok}, {@code not-equal} or {@code timed-out}
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws java.util.concurrent.CancellationException if the thread is interrupted while it waits
     *     (the interrupt flag is set again)
     */
    public static WaitResult wait(Int32Array view, int index, int expected, Duration timeout) {
        long offset = view.offsetOf(index);
        warnOnLoopThread();
        return view.waiters().await(view, offset, expected, Waiters.toNanos(timeout));
    }

    /**
     * Waits without blocking: the promise settles on {@code loop} when a notify wakes this waiter
     * ({@code ok}) or the timeout passes ({@code timed-out}); it is already settled with
     * {@code not-equal} if the element does not hold {@code expected}. A pending wait keeps the
     * loop alive. Call it on {@code loop}'s thread.
     *
     * @param loop the loop to settle on
     * @param view the view
     * @param index from 0
     * @param expected the value to wait on
     * @param timeout how long to wait at most; {@link #FOREVER} for no limit
     * @return the promise of the result
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalStateException off {@code loop}'s thread
     */
    public static Promise<WaitResult> waitAsync(EventLoop loop, Int32Array view, int index, int expected, Duration timeout) {
        long offset = view.offsetOf(index);
        requireLoopThread(loop);
        return view.waiters().awaitAsync(loop, view, offset, expected, Waiters.toMillis(timeout));
    }

    /**
     * Wakes every waiter on the element at {@code index}: ECMAScript's {@code Atomics.notify} with
     * its count left out, which is {@code +Infinity}.
     *
     * @param view the view
     * @param index from 0
     * @return how many were woken
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int notify(Int32Array view, int index) {
        return notify(view, index, Integer.MAX_VALUE);
    }

    /**
     * Wakes every waiter on the 64-bit element at {@code index} ({@link #notify(Int32Array, int)}).
     *
     * @param view the view
     * @param index from 0
     * @return how many were woken
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     */
    public static int notify(Int64Array view, int index) {
        return notify(view, index, Integer.MAX_VALUE);
    }

    /**
     * Wakes up to {@code count} waiters on the element at {@code index}, oldest first.
     *
     * @param view the view
     * @param index from 0
     * @param count how many at most; {@link Integer#MAX_VALUE} for all
     * @return how many were woken
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static int notify(Int32Array view, int index, int count) {
        long offset = view.offsetOf(index);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        return view.waiters().notify(offset, count);
    }

    /**
     * {@link #load(Int32Array, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @return as there
     */
    public static long load(Int64Array view, int index) {
        return (long) Int64Array.ELEMENT.getVolatile(view.memory(), view.offsetOf(index));
    }

    /**
     * {@link #store(Int32Array, int, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param value as there
     * @return as there
     */
    public static long store(Int64Array view, int index, long value) {
        Int64Array.ELEMENT.setVolatile(view.memory(), view.offsetOf(index), value);
        return value;
    }

    /**
     * {@link #add(Int32Array, int, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param value as there
     * @return as there
     */
    public static long add(Int64Array view, int index, long value) {
        return (long) Int64Array.ELEMENT.getAndAdd(view.memory(), view.offsetOf(index), value);
    }

    /**
     * {@link #sub(Int32Array, int, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param value as there
     * @return as there
     */
    public static long sub(Int64Array view, int index, long value) {
        return (long) Int64Array.ELEMENT.getAndAdd(view.memory(), view.offsetOf(index), -value);
    }

    /**
     * {@link #and(Int32Array, int, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param value as there
     * @return as there
     */
    public static long and(Int64Array view, int index, long value) {
        return (long) Int64Array.ELEMENT.getAndBitwiseAnd(view.memory(), view.offsetOf(index), value);
    }

    /**
     * {@link #or(Int32Array, int, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param value as there
     * @return as there
     */
    public static long or(Int64Array view, int index, long value) {
        return (long) Int64Array.ELEMENT.getAndBitwiseOr(view.memory(), view.offsetOf(index), value);
    }

    /**
     * {@link #xor(Int32Array, int, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param value as there
     * @return as there
     */
    public static long xor(Int64Array view, int index, long value) {
        return (long) Int64Array.ELEMENT.getAndBitwiseXor(view.memory(), view.offsetOf(index), value);
    }

    /**
     * {@link #exchange(Int32Array, int, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param value as there
     * @return as there
     */
    public static long exchange(Int64Array view, int index, long value) {
        return (long) Int64Array.ELEMENT.getAndSet(view.memory(), view.offsetOf(index), value);
    }

    /**
     * {@link #compareExchange(Int32Array, int, int, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param expected as there
     * @param replacement as there
     * @return as there
     */
    public static long compareExchange(Int64Array view, int index, long expected, long replacement) {
        return (long) Int64Array.ELEMENT.compareAndExchange(view.memory(), view.offsetOf(index), expected, replacement);
    }

    /**
     * {@link #wait(Int32Array, int, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param expected as there
     * @return as there
     */
    public static WaitResult wait(Int64Array view, int index, long expected) {
        return wait(view, index, expected, FOREVER);
    }

    /**
     * {@link #wait(Int32Array, int, int, Duration)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param expected as there
     * @param timeout as there
     * @return as there
     */
    public static WaitResult wait(Int64Array view, int index, long expected, Duration timeout) {
        long offset = view.offsetOf(index);
        warnOnLoopThread();
        return view.waiters().await(view, offset, expected, Waiters.toNanos(timeout));
    }

    /**
     * {@link #waitAsync(EventLoop, Int32Array, int, int, Duration)}, for 64-bit elements.
     *
     * @param loop as there
     * @param view as there
     * @param index as there
     * @param expected as there
     * @param timeout as there
     * @return as there
     */
    public static Promise<WaitResult> waitAsync(EventLoop loop, Int64Array view, int index, long expected, Duration timeout) {
        long offset = view.offsetOf(index);
        requireLoopThread(loop);
        return view.waiters().awaitAsync(loop, view, offset, expected, Waiters.toMillis(timeout));
    }

    /**
     * {@link #notify(Int32Array, int, int)}, for 64-bit elements.
     *
     * @param view as there
     * @param index as there
     * @param count as there
     * @return as there
     */
    public static int notify(Int64Array view, int index, int count) {
        long offset = view.offsetOf(index);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        return view.waiters().notify(offset, count);
    }

    private static void warnOnLoopThread() {
        if (EventLoop.current().isPresent() && WARNED.get() == null) {
            WARNED.set(Boolean.TRUE);
            LOG.log(Level.WARNING, "Atomics.wait blocks the event loop of thread " + Thread.currentThread().getName()
                    + ": no timer, I/O or message runs until it returns. Use Atomics.waitAsync to wait without"
                    + " blocking (this warning is logged once per thread)");
        }
    }

    private static void requireLoopThread(EventLoop loop) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("Atomics.waitAsync must be called on the thread of the loop it settles on ("
                    + loop + "), not on " + Thread.currentThread().getName());
        }
    }
}
