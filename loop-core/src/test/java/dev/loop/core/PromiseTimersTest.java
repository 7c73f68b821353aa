package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.AbortController;
import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import dev.loop.api.EventLoop;
import dev.loop.api.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's timers/promises: delay and immediate as promises, cancelled by a signal; hrtime. */
@Timeout(10) // a timer that an abort failed to cancel would keep run() for 60 s
class PromiseTimersTest {

    private final EventLoop loop = EventLoop.create();
    private final List<String> log = new ArrayList<>();

    @Test
    void aDelayFulfilsInTheTimersPhaseAndAnImmediateInTheCheckPhase() {
        loop.run(() -> {
            loop.delay(Duration.ofMillis(40)).thenAccept(v -> log.add("delay in " + loop.phase()));
            loop.immediate().thenAccept(v -> log.add("immediate in " + loop.phase()));
            loop.delay(Duration.ofMillis(20), "value", new AbortController().signal()).thenAccept(log::add);
            loop.delay(Duration.ofMillis(30), "plain value").thenAccept(log::add);
        });
        assertEquals(List.of("immediate in " + Phase.CHECK, "value", "plain value", "delay in " + Phase.TIMERS), log);
        loop.close();
    }

    /** Node: the promise rejects with an AbortError whose cause is the reason, and the timer goes. */
    @Test
    void anAbortRejectsAndCancelsTheTimer() {
        Object[] error = new Object[2];
        loop.run(() -> {
            AbortController controller = new AbortController();
            loop.delay(Duration.ofSeconds(60), "never", controller.signal())
                    .thenAccept(log::add)
                    .catchError(e -> {
                        error[0] = e;
                        return null;
                    });
            loop.setTimeout(() -> controller.abort(new IllegalStateException("stop")), 10);
            AbortSignal before = AbortSignal.abort("already");
            loop.immediate("never", before).catchError(e -> {
                error[1] = e;
                return null;
            });
        });
        AbortError aborted = assertInstanceOf(AbortError.class, error[0]);
        assertInstanceOf(IllegalStateException.class, aborted.getCause());
        assertEquals("already", assertInstanceOf(AbortError.class, error[1]).reason());
        assertEquals(List.of(), log);
        loop.close();
    }

    @Test
    void anAbortFromAnotherThreadCancelsTheTimer() throws Exception {
        AbortController controller = new AbortController();
        Object[] error = new Object[1];
        Thread aborter = Thread.ofPlatform().unstarted(() -> controller.abort("from another thread"));
        loop.run(() -> {
            loop.delay(Duration.ofSeconds(60), "never", controller.signal()).catchError(e -> {
                error[0] = e;
                return null;
            });
            aborter.start();
        });
        aborter.join();
        assertSame("from another thread", assertInstanceOf(AbortError.class, error[0]).reason());
        loop.close();
    }

    /** An abort after the loop closed, on another thread, throws nothing at the aborter. */
    @Test
    void anAbortAfterTheLoopClosedThrowsNothing() throws Exception {
        AbortController controller = new AbortController();
        loop.run(() -> {
            loop.delay(Duration.ofSeconds(60), "never", controller.signal()).catchError(e -> null);
            loop.resolved("x").abortOn(controller.signal());
            loop.setTimeout(loop::stop, 1);
        });
        loop.close();
        Throwable[] thrown = new Throwable[1];
        Thread aborter = Thread.ofPlatform().start(() -> {
            try {
                controller.abort("late");
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        aborter.join();
        assertEquals(null, thrown[0]);
    }

    @Test
    void hrtimeIsMonotonicNanoseconds() {
        long[] times = new long[2];
        loop.run(() -> {
            times[0] = loop.hrtime();
            loop.setTimeout(() -> times[1] = loop.hrtime(), 5);
        });
        // Loop time is whole milliseconds, as libuv's: a timer armed at 10.9 ms (now = 10) is due at 15,
        // 4.1 ms of hrtime later. So at least the timer's 5 ms less one.
        assertTrue(times[1] - times[0] >= 4_000_000L, "at least the 5 ms timer, less the loop time's truncation: "
                + (times[1] - times[0]));
        loop.close();
    }
}
