package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopException;
import dev.loop.api.Phase;
import dev.loop.api.UnhandledRejectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Uncaught errors and unhandled rejections: the handler, the phase, and how a loop without one stops. */
public abstract class ErrorContract extends OneLoopSuite {

    /** For subclasses, which name the poller under test. */
    protected ErrorContract() {
    }


    private final List<String> log = new ArrayList<>();

    @Test
    public void anUncaughtErrorWithAHandlerIsReportedWithItsPhaseAndTheLoopGoesOn() {
        List<String> reported = new ArrayList<>();
        IllegalStateException failure = new IllegalStateException("boom");
        loop.run(() -> {
            loop.onUncaughtException((error, phase) -> reported.add(error.getMessage() + " in " + phase));
            loop.setTimeout(() -> {
                throw failure;
            }, 100); // well after the first check phase, even on a loaded machine
            loop.setImmediate(() -> loop.nextTick(() -> {
                throw new IllegalArgumentException("tick");
            }));
            loop.setTimeout(() -> log.add("later timer still runs"), 101);
        });
        assertEquals(List.of("tick in CHECK", "boom in TIMERS"), reported);
        assertEquals(List.of("later timer still runs"), log);
    }

    @Test
    public void anUncaughtErrorWithoutAHandlerStopsTheLoopAndRunThrows() {
        IllegalStateException failure = new IllegalStateException("boom");
        LoopException thrown = assertThrows(LoopException.class, () -> loop.run(() -> {
            loop.setImmediate(() -> {
                throw failure;
            });
            loop.setImmediate(() -> log.add("second immediate must not run"));
            loop.setTimeout(() -> log.add("timer must not run"), 10_000);
        }));
        assertSame(failure, thrown.getCause());
        assertTrue(thrown.getMessage().contains("CHECK"), thrown.getMessage());
        assertEquals(List.of(), log);
        assertTrue(loop.isClosed());
        assertThrows(RejectedExecutionException.class, () -> loop.setTimeout(() -> { }, 1));
        assertTrue(loop.termination().toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    public void aThrowingHandlerStopsTheLoop() {
        IllegalStateException handlerFailure = new IllegalStateException("handler");
        LoopException thrown = assertThrows(LoopException.class, () -> loop.run(() -> {
            loop.onUncaughtException((error, phase) -> {
                throw handlerFailure;
            });
            loop.nextTick(() -> {
                throw new IllegalArgumentException("original");
            });
        }));
        assertSame(handlerFailure, thrown.getCause());
        assertEquals("original", handlerFailure.getSuppressed()[0].getMessage());
    }

    @Test
    public void errorsAreReportedThenRethrown() {
        List<Throwable> reported = new ArrayList<>();
        StackOverflowError overflow = new StackOverflowError("deep");
        StackOverflowError thrown = assertThrows(StackOverflowError.class, () -> loop.run(() -> {
            loop.onUncaughtException((error, phase) -> reported.add(error));
            loop.setImmediate(() -> {
                throw overflow;
            });
        }));
        assertSame(overflow, thrown);
        assertEquals(List.of(overflow), reported);
    }

    @Test
    public void anUnhandledRejectionWithoutAHandlerStopsTheLoop() {
        IllegalStateException reason = new IllegalStateException("rejected");
        LoopException thrown = assertThrows(LoopException.class,
                () -> loop.run(() -> loop.rejected(reason).then(v -> v)));
        assertInstanceOf(UnhandledRejectionException.class, thrown.getCause());
        assertSame(reason, thrown.getCause().getCause());
    }

    @Test
    public void anUnhandledRejectionGoesToTheHandler() {
        List<Throwable> reported = new ArrayList<>();
        List<Phase> phases = new ArrayList<>();
        IllegalStateException reason = new IllegalStateException("rejected");
        loop.run(() -> {
            loop.onUncaughtException((error, phase) -> {
                reported.add(error);
                phases.add(phase);
            });
            loop.setTimeout(() -> loop.rejected(reason), 1);
        });
        assertEquals(1, reported.size());
        assertSame(reason, reported.get(0).getCause());
        assertEquals(List.of(Phase.TIMERS), phases);
    }

    @Test
    public void aRejectionHandledWithinTheSameDrainIsNotReported() {
        List<Throwable> reported = new ArrayList<>();
        loop.run(() -> {
            loop.onUncaughtException((error, phase) -> reported.add(error));
            var rejected = loop.rejected(new IllegalStateException("handled in a microtask"));
            loop.queueMicrotask(() -> rejected.catchError(e -> null));
        });
        assertEquals(List.of(), reported);
    }

    @Test
    public void aRejectionHandledOnlyInALaterMacrotaskIsReported() {
        List<Throwable> reported = new ArrayList<>();
        loop.run(() -> {
            loop.onUncaughtException((error, phase) -> reported.add(error));
            var rejected = loop.rejected(new IllegalStateException("too late"));
            loop.setImmediate(() -> rejected.catchError(e -> null));
        });
        assertEquals(1, reported.size());
        assertInstanceOf(UnhandledRejectionException.class, reported.get(0));
    }

    @Test
    public void tasksAcceptedButNeverRunAreHandedBackInTheException() throws InterruptedException {
        Runnable stranded = () -> log.add("never");
        Thread producer = Thread.ofPlatform().unstarted(() -> loop.execute(stranded));
        LoopException thrown = assertThrows(LoopException.class, () -> loop.run(() -> {
            producer.start();
            try {
                producer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("fatal before the task's poll phase");
        }));
        assertEquals(List.of(stranded), thrown.unrunTasks());
        assertEquals(List.of(), log);
    }
}
