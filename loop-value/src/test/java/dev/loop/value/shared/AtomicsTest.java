package dev.loop.value.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** ECMAScript Atomics on shared buffers: results, bounds, wait and notify. */
class AtomicsTest {

    @Test
    void everyOperationReturnsWhatECMAScriptReturns() {
        Int32Array a = SharedBuffer.allocate(16).int32();
        assertEquals(4, a.length());
        assertEquals(5, Atomics.store(a, 1, 5));
        assertEquals(5, Atomics.add(a, 1, 3));
        assertEquals(8, Atomics.sub(a, 1, 10));
        assertEquals(-2, Atomics.load(a, 1));
        assertEquals(-2, Atomics.and(a, 1, 0xFF));
        assertEquals(0xFE, Atomics.or(a, 1, 0x100));
        assertEquals(0x1FE, Atomics.xor(a, 1, 0x1FF));
        assertEquals(1, Atomics.exchange(a, 1, 7));
        assertEquals(7, Atomics.compareExchange(a, 1, 6, 9), "no swap when the value differs");
        assertEquals(7, Atomics.compareExchange(a, 1, 7, 9));
        assertEquals(9, a.get(1));
        assertEquals(Integer.MIN_VALUE, Atomics.add(a, 2, Integer.MIN_VALUE) + Atomics.load(a, 2), "wraps like int32");

        Int64Array b = SharedBuffer.allocate(16).int64();
        assertEquals(0L, Atomics.add(b, 1, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Atomics.add(b, 1, 1));
        assertEquals(Long.MIN_VALUE, Atomics.load(b, 1));
    }

    @Test
    void viewsOfOneBufferSeeTheSameMemory() {
        SharedBuffer buffer = SharedBuffer.allocate(16);
        Atomics.store(buffer.int64(), 1, -1L);
        assertEquals(-1, buffer.int32().get(2));
        assertEquals(-1, buffer.int32(8, 2).get(1));
    }

    @Test
    void everyAccessIsBoundsChecked() {
        SharedBuffer buffer = SharedBuffer.allocate(8);
        Int32Array a = buffer.int32();
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Atomics.add(a, 2, 1));
        assertTrue(e.getMessage().contains("index 2 is out of bounds for this Int32Array of length 2"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> Atomics.wait(a, 5, 0, Duration.ZERO));
        assertThrows(IndexOutOfBoundsException.class, () -> Atomics.notify(a, 2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.int64().set(1, 1));
        assertThrows(IllegalArgumentException.class, () -> buffer.int32(2, 1), "misaligned");
        assertThrows(IllegalArgumentException.class, () -> buffer.int64(0, 2), "too long");
    }

    /**
     * ECMAScript throws a TypeError for {@code Atomics.wait} on memory that is not shared. Here
     * that input cannot be written: wait and waitAsync take only typed views, and a view exists
     * only over a SharedBuffer. This test keeps it so: a view over other memory would need the
     * runtime check.
     */
    @Test
    void waitCanOnlyBeGivenSharedMemory() {
        for (Method method : Atomics.class.getDeclaredMethods()) {
            boolean waits = method.getName().equals("wait") || method.getName().equals("waitAsync");
            if (waits && Modifier.isPublic(method.getModifiers())) {
                assertTrue(Arrays.stream(method.getParameterTypes()).anyMatch(TypedView.class::isAssignableFrom),
                        method.toString());
            }
        }
        assertEquals(Set.of(Int32Array.class, Int64Array.class), Set.of(TypedView.class.getPermittedSubclasses()));
        for (Class<?> view : TypedView.class.getPermittedSubclasses()) {
            assertEquals(0, view.getConstructors().length, view + " has a public constructor");
        }
        for (Method method : TypedView.class.getMethods()) {
            if (method.getName().equals("buffer")) {
                assertEquals(SharedBuffer.class, method.getReturnType());
            }
        }
    }

    @Test
    void aGrowableBufferGrowsUpToItsMaximumAndItsViewsTrackIt() {
        SharedBuffer buffer = SharedBuffer.growable(8, 32);
        Int32Array tracking = buffer.int32();
        assertEquals(2, tracking.length());
        assertThrows(IndexOutOfBoundsException.class, () -> tracking.set(2, 1));
        buffer.grow(16);
        tracking.set(3, 42);
        assertEquals(4, tracking.length());
        assertThrows(IllegalArgumentException.class, () -> buffer.grow(8), "never shrinks");
        assertThrows(IllegalArgumentException.class, () -> buffer.grow(40), "never past the maximum");
        assertThrows(UnsupportedOperationException.class, () -> SharedBuffer.allocate(8).grow(16));
    }

    @Test
    void waitReturnsNotEqualTimedOutOrOk() throws Exception {
        Int32Array a = SharedBuffer.allocate(4).int32();
        assertEquals(WaitResult.NOT_EQUAL, Atomics.wait(a, 0, 1, Duration.ofSeconds(10)));
        assertEquals(WaitResult.TIMED_OUT, Atomics.wait(a, 0, 0, Duration.ofMillis(20)));
        assertEquals("timed-out", WaitResult.TIMED_OUT.toString());
        assertEquals(0, Atomics.notify(a, 0, 1), "nobody waits");

        AtomicReference<WaitResult> result = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> result.set(Atomics.wait(a, 0, 0)));
        int woken = 0;
        while (woken == 0) {
            woken = Atomics.notify(a, 0, 1); // retried until the waiter is in the list
            Thread.onSpinWait();
        }
        waiter.join();
        assertEquals(1, woken);
        assertEquals(WaitResult.OK, result.get());
    }

    @Test
    void notifyWakesAtMostCountWaitersOldestFirst() throws Exception {
        Int32Array a = SharedBuffer.allocate(4).int32();
        int n = 5;
        CountDownLatch done = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                Atomics.wait(a, 0, 0);
                done.countDown();
            }));
        }
        while (a.buffer().waiters.count(0) < n) {
            Thread.onSpinWait();
        }
        assertEquals(2, Atomics.notify(a, 0, 2));
        assertEquals(3, Atomics.notify(a, 0), "without a count, every waiter (ECMAScript's +Infinity)");
        assertEquals(0, Atomics.notify(a, 0, 1));
        done.await();
        for (Thread t : threads) {
            t.join();
        }
    }

    @Test
    void anInterruptedWaitThrowsAndLeavesTheList() throws Exception {
        Int32Array a = SharedBuffer.allocate(4).int32();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                Atomics.wait(a, 0, 0);
            } catch (CancellationException e) {
                thrown.set(e);
            }
        });
        while (a.buffer().waiters.count(0) < 1) {
            Thread.onSpinWait();
        }
        waiter.interrupt();
        waiter.join();
        assertTrue(thrown.get() instanceof CancellationException);
        assertEquals(0, Atomics.notify(a, 0, 1), "the interrupted waiter left the list");
    }

    /** Two threads hand a turn back and forth through wait/notify: every round trip is counted exactly. */
    @Test
    void aPingPongThroughWaitAndNotifyCountsExactly() throws Exception {
        int rounds = 20_000;
        Int32Array turn = SharedBuffer.allocate(8).int32();
        Thread pong = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < rounds; i++) {
                while (Atomics.load(turn, 0) != 1) {
                    Atomics.wait(turn, 0, 0);
                }
                Atomics.add(turn, 1, 1);
                Atomics.store(turn, 0, 0);
                Atomics.notify(turn, 0, 1);
            }
        });
        for (int i = 0; i < rounds; i++) {
            Atomics.store(turn, 0, 1);
            Atomics.notify(turn, 0, 1);
            while (Atomics.load(turn, 0) != 0) {
                Atomics.wait(turn, 0, 1);
            }
            assertEquals(i + 1, Atomics.load(turn, 1));
        }
        pong.join();
        assertEquals(rounds, Atomics.load(turn, 1));
    }
}
