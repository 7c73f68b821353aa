package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import dev.loop.value.ArrayBuffer;
import dev.loop.value.DataCloneException;
import dev.loop.value.ValueCodec;
import dev.loop.value.ValueCodecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Workers: log and their order, data, failures, termination, and no thread left behind. */
class WorkerTest extends LoopFixture {

    private Worker record(Worker worker, String tag) {
        return worker.onOnline(() -> log.add(tag + " online"))
                .onMessage(m -> log.add(tag + " message " + m))
                .onError(e -> log.add(tag + " error " + e.getMessage()))
                .onExit(code -> log.add(tag + " exit " + code));
    }

    @Test
    void theArticlesTwoWorkersEachReplyWithTheirData() {
        loop.run(() -> {
            for (int n = 1; n <= 2; n++) {
                record(Worker.start(WorkerOptions.defaults().withWorkerData(n),
                        w -> w.parentPort().postMessage("I am Worker Data " + w.workerData())), "w" + n);
            }
        });
        assertEquals(new TreeSet<>(List.of("w1 online", "w1 message I am Worker Data 1", "w1 exit 0",
                "w2 online", "w2 message I am Worker Data 2", "w2 exit 0")), new TreeSet<>(log));
        for (String w : List.of("w1", "w2")) {
            List<Object> mine = log.stream().filter(e -> ((String) e).startsWith(w)).toList();
            assertEquals(List.of(w + " online", w + " message I am Worker Data " + w.charAt(1), w + " exit 0"), mine,
                    "online, then message, then exit");
        }
    }

    @Test
    void everyMessageArrivesInOrderBeforeTheExitEvent() {
        List<Object> received = new ArrayList<>();
        AtomicReference<Integer> exit = new AtomicReference<>();
        loop.run(() -> Worker.start(w -> {
            for (int i = 0; i < 10_000; i++) {
                w.parentPort().postMessage(i);
            }
        }).onMessage(received::add).onExit(code -> {
            exit.set(code);
            received.add("exit");
        }));
        assertEquals(10_001, received.size());
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, received.get(i));
        }
        assertEquals("exit", received.get(10_000));
        assertEquals(0, exit.get());
    }

    /** Issue 16: listeners add up; one removed by its registration hears nothing more; exited() is the exit code. */
    @Test
    void listenersAddUpAndTheExitIsAPromise() {
        List<Object> heard = new ArrayList<>();
        loop.run(() -> {
            Worker worker = Worker.start(w -> {
                w.parentPort().postMessage("first");
                w.parentPort().postMessage("second");
                w.exit(3);
            });
            worker.onMessage(m -> heard.add("a " + m));
            dev.loop.api.Registration b = worker.on(Worker.MESSAGE, m -> heard.add("b " + m));
            worker.once(Worker.MESSAGE, m -> {
                heard.add("once " + m);
                b.close();
            });
            worker.on(Worker.EXIT, code -> heard.add("exit " + code));
            worker.exited().thenAccept(code -> heard.add("exited " + code));
        });
        assertEquals(List.of("a first", "b first", "once first", "a second", "exit 3", "exited 3"), heard);
    }

    /** Issue 16: a signal terminates the worker, as terminate() does: exit code 1. */
    @Test
    void aSignalTerminatesTheWorker() {
        List<Object> heard = new ArrayList<>();
        loop.run(() -> {
            dev.loop.api.AbortController controller = new dev.loop.api.AbortController();
            Worker worker = Worker.start(WorkerOptions.defaults().withSignal(controller.signal()), w -> {
                w.loop().setInterval(() -> { }, 1); // runs until terminated
                w.parentPort().postMessage("running");
            });
            worker.onMessage(m -> {
                heard.add(m);
                controller.abort();
            });
            worker.exited().thenAccept(heard::add);
        });
        assertEquals(List.of("running", 1), heard);
    }

    /** Issue 16: a typed listener needs no cast; a message of another type is an error, not skipped. */
    @Test
    void aTypedListenerGetsItsTypeAndAnotherTypeIsAnError() {
        List<Object> heard = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        loop.onUncaughtException((error, phase) -> errors.add(error));
        loop.run(() -> Worker.start(w -> {
            w.parentPort().postMessage(List.of(1, 2));
            w.parentPort().postMessage("not a list");
        }).onMessage(List.class, list -> heard.add(list.size())));
        assertEquals(List.of(2), heard);
        assertEquals(1, errors.size(), errors::toString);
        ClassCastException error = assertInstanceOf(ClassCastException.class, errors.get(0));
        assertTrue(error.getMessage().contains("java.lang.String") && error.getMessage().contains("java.util.List"),
                error.getMessage());
    }

    /** An exit listener that throws does not cost exited() its value. */
    @Test
    void aThrowingExitListenerStillSettlesExited() {
        List<Object> heard = new ArrayList<>();
        loop.onUncaughtException((error, phase) -> heard.add(error.getMessage()));
        loop.run(() -> {
            Worker worker = Worker.start(w -> w.exit(5));
            worker.onExit(code -> {
                throw new IllegalStateException("listener failed");
            });
            worker.exited().thenAccept(heard::add);
        });
        assertEquals(List.of("listener failed", 5), heard);
    }

    @Test
    void workerDataIsAcopyAndHasAThreadIdAndName() {
        List<Object> data = new ArrayList<>(List.of("a"));
        AtomicReference<Object> seen = new AtomicReference<>();
        loop.run(() -> {
            Worker worker = Worker.start(WorkerOptions.defaults().withName("cruncher").withWorkerData(data), w -> {
                @SuppressWarnings("unchecked")
                List<Object> mine = (List<Object>) w.workerData();
                mine.add("changed in the worker");
                w.parentPort().postMessage(List.of(w.threadId(), w.name(), Thread.currentThread().getName(), mine));
            });
            worker.onMessage(seen::set);
            assertEquals("cruncher", worker.name());
            assertTrue(worker.threadId() > 0);
        });
        List<?> reply = (List<?>) seen.get();
        assertEquals("cruncher", reply.get(1));
        assertEquals("cruncher", reply.get(2), "the thread carries the worker's name");
        assertEquals(List.of("a", "changed in the worker"), reply.get(3));
        assertEquals(List.of("a"), data, "the parent's data is untouched");
    }

    @Test
    void anEntryPointThatThrowsAtOnceFailsTheWorkerNotTheParent() {
        List<String> after = new ArrayList<>();
        loop.run(() -> {
            record(Worker.start(w -> {
                throw new IllegalStateException("bad start");
            }), "w");
            loop.setTimeout(() -> after.add("the parent's timer still runs"), 20);
        });
        assertEquals(List.of("w online", "w error bad start", "w exit 1"), log);
        assertEquals(List.of("the parent's timer still runs"), after);
    }

    @Test
    void aLaterUncaughtExceptionStopsTheWorkersLoopWithAnErrorEvent() {
        loop.run(() -> record(Worker.start(w -> {
            w.loop().setTimeout(() -> {
                w.parentPort().postMessage("before");
                throw new ArithmeticException("later");
            }, 5);
            w.loop().setTimeout(() -> w.parentPort().postMessage("never"), 50);
        }), "w"));
        assertEquals(List.of("w online", "w message before", "w error later", "w exit 1"), log);
    }

    @Test
    void exitEndsTheWorkerWithItsCode() {
        loop.run(() -> record(Worker.start(w -> {
            w.parentPort().onMessage(m -> { });
            w.loop().setTimeout(() -> w.exit(7), 1);
        }), "w"));
        assertEquals(List.of("w online", "w exit 7"), log);
    }

    @Test
    void terminateStopsALiveWorkerOnceAndResolvesWithOne() {
        List<Object> outcomes = new ArrayList<>();
        loop.run(() -> {
            Worker worker = record(Worker.start(w -> {
                w.parentPort().onMessage(m -> w.parentPort().postMessage("echo " + m)); // alive forever
                w.parentPort().postMessage("ready");
            }), "w");
            worker.onMessage(m -> { // record's listener logs the message: listeners add up
                Promise<Integer> first = worker.terminate();
                Promise<Integer> second = worker.terminate();
                assertSame(first, second, "terminate twice: the same outcome");
                first.thenAccept(outcomes::add);
            });
        });
        assertEquals(List.of("w online", "w message ready", "w exit 1"), log);
        assertEquals(List.of(1), outcomes);
    }

    @Test
    void terminateInterruptsAWorkerBlockedInAtomicsWait() {
        SharedBuffer shared = SharedBuffer.allocate(4);
        loop.run(() -> {
            Worker worker = record(Worker.start(WorkerOptions.defaults().withWorkerData(shared), w -> {
                Int32Array flag = ((SharedBuffer) w.workerData()).int32();
                Atomics.store(flag, 0, 1);
                Atomics.notify(flag, 0, 1);
                Atomics.wait(flag, 0, 1); // forever
            }), "w");
            Int32Array flag = shared.int32();
            loop.setImmediate(new Runnable() {
                @Override
                public void run() {
                    if (Atomics.load(flag, 0) == 1) {
                        worker.terminate().thenAccept(code -> log.add("terminated " + code));
                    } else {
                        loop.setImmediate(this);
                    }
                }
            });
        });
        assertEquals(List.of("w online", "w exit 1", "terminated 1"), log);
    }

    @Test
    void terminateAfterExitResolvesWithTheExitCode() {
        List<Integer> codes = new ArrayList<>();
        loop.run(() -> {
            Worker worker = Worker.start(w -> w.exit(3));
            worker.onExit(code -> worker.terminate().thenAccept(codes::add));
        });
        assertEquals(List.of(3), codes);
    }

    @Test
    void aValueThatCannotBeClonedIsRefusedWithItsPathAndNothingIsSent() {
        List<Object> received = new ArrayList<>();
        loop.run(() -> {
            Worker worker = Worker.start(w -> w.parentPort().onMessage(m -> {
                w.parentPort().postMessage(m);
                w.parentPort().close();
            }));
            DataCloneException e = assertThrows(DataCloneException.class,
                    () -> worker.postMessage(Map.of("job", List.of(1, new Object()))));
            assertEquals("$.job[1]", e.path());
            worker.postMessage("first that arrives");
            worker.onMessage(received::add);
        });
        assertEquals(List.of("first that arrives"), received);
    }

    @Test
    void postingToAWorkerThatExitedThrows() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        loop.run(() -> {
            Worker worker = Worker.start(w -> { });
            worker.onExit(code -> thrown.set(assertThrows(IllegalStateException.class, () -> worker.postMessage("late"))));
        });
        assertTrue(thrown.get().getMessage().contains("closed"), thrown.get().getMessage());
    }

    /** A type whose codec refuses to rebuild it on the parent's loop thread: its copy fails there. */
    static final class WorkerOnly {
        final int n;

        WorkerOnly(int n) {
            this.n = n;
        }
    }

    static {
        ValueCodecs.register(ValueCodec.of(WorkerOnly.class, "test.WorkerOnly/1", value -> value.n, structured -> {
            if (Thread.currentThread().getName().equals("main")) {
                throw new IllegalArgumentException("not on main");
            }
            return new WorkerOnly((Integer) structured);
        }));
    }

    @Test
    void aMessageThatFailsToDeserializeIsAMessageErrorAndTheRestStillArrive() {
        List<Object> got = new ArrayList<>();
        loop.run(() -> Worker.start(w -> {
            w.parentPort().postMessage(List.of(new WorkerOnly(1)));
            w.parentPort().postMessage("next");
        }).onMessageError(e -> got.add("messageerror at " + e.path() + ": " + e.getCause().getMessage()))
                .onMessage(got::add));
        assertEquals(List.of("messageerror at $[0]: not on main", "next"), got);
    }

    @Test
    void aTransferredBufferMovesToTheWorker() {
        ArrayBuffer buffer = ArrayBuffer.copyOf(new byte[] {4, 5, 6});
        List<Object> got = new ArrayList<>();
        loop.run(() -> {
            Worker worker = Worker.start(w -> w.parentPort().onMessage(m -> {
                ArrayBuffer b = (ArrayBuffer) m;
                w.parentPort().postMessage(b.byteLength() + " bytes, first " + b.get(0));
                w.parentPort().close();
            }));
            worker.postMessage(buffer, List.of(buffer));
            worker.onMessage(got::add);
        });
        assertTrue(buffer.detached());
        assertEquals(List.of("3 bytes, first 4"), got);
    }

    @Test
    void aSharedBufferIsSharedWithTheWorkerNotCopied() {
        SharedBuffer shared = SharedBuffer.allocate(8);
        loop.run(() -> Worker.start(WorkerOptions.defaults().withWorkerData(shared),
                w -> Atomics.add(((SharedBuffer) w.workerData()).int32(), 1, 41)));
        assertEquals(41, Atomics.load(shared.int32(), 1));
    }

    @Test
    void anUnrefdWorkerDoesNotKeepTheParentAlive() {
        SharedBuffer shared = SharedBuffer.allocate(4);
        loop.run(() -> Worker.start(WorkerOptions.defaults().withWorkerData(shared), w -> {
            Atomics.wait(((SharedBuffer) w.workerData()).int32(), 0, 0); // until the test lets it go
        }).unref());
        assertNotEquals(0, shared.byteLength());
        // the parent's run() returned with the worker still blocked: release and wait for it
        Atomics.store(shared.int32(), 0, 1);
        Atomics.notify(shared.int32(), 0, 1);
        List<Integer> codes = new ArrayList<>();
        EventLoop other = EventLoop.create();
        other.run(() -> Worker.start(w -> { }).onExit(codes::add));
        other.close();
        assertEquals(List.of(0), codes);
        awaitWorkerThreadsGone();
    }

    private static void awaitWorkerThreadsGone() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("loop-worker-")) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Test
    void workerDataThatCannotBeClonedStartsNoThread() {
        loop.run(() -> {
            DataCloneException e = assertThrows(DataCloneException.class,
                    () -> Worker.start(WorkerOptions.defaults().withWorkerData(List.of(Thread.currentThread())), w -> { }));
            assertEquals("$[0]", e.path());
        });
        assertInstanceOf(EventLoop.class, loop);
    }

    /** activeResources(): a running worker, and a started, referenced port, each keep the loop alive. */
    @Test
    void aRunningWorkerAndAListeningPortAreActiveResources() {
        List<Map<String, Integer>> seen = new ArrayList<>();
        loop.run(() -> {
            Worker worker = Worker.start(w -> w.parentPort().onMessage(m -> w.parentPort().close()));
            worker.onOnline(() -> { // a task of its own: nothing else is queued while it runs
                seen.add(loop.activeResources());
                MessageChannel channel = new MessageChannel();
                channel.port1().onMessage(m -> { });
                BroadcastChannel news = new BroadcastChannel("news");
                news.onMessage(m -> { });
                seen.add(loop.activeResources());
                channel.port1().close();
                news.close();
                worker.postMessage("stop");
            });
            worker.onExit(code -> seen.add(loop.activeResources()));
        });
        assertEquals(Map.of("Worker", 1), seen.get(0));
        assertEquals(Map.of("Worker", 1, "MessagePort", 1, "BroadcastChannel", 1), seen.get(1));
        assertEquals(Map.of(), seen.get(2), "an exited worker keeps nothing alive");
    }

    /** Node's worker.performance.eventLoopUtilization(): zeros before online and after exit, the worker loop's in between. */
    @Test
    void theParentReadsTheWorkersUtilization() {
        List<dev.loop.api.LoopUtilization> seen = new ArrayList<>();
        loop.run(() -> {
            Worker worker = Worker.start(w -> w.parentPort().onMessage(m -> {
                long end = System.nanoTime() + 50_000_000L; // 50 ms busy in the worker's loop
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                w.parentPort().postMessage("done");
                w.parentPort().close();
            }));
            seen.add(worker.utilization());
            worker.onOnline(() -> worker.postMessage("work"));
            worker.onMessage(m -> seen.add(worker.utilization()));
            worker.onExit(code -> seen.add(worker.utilization()));
        });
        assertEquals(dev.loop.api.LoopUtilization.of(0, 0), seen.get(0), "not online yet");
        assertTrue(seen.get(1).active().toMillis() >= 50, "the worker's busy callback: " + seen.get(1));
        assertEquals(dev.loop.api.LoopUtilization.of(0, 0), seen.get(2), "exited");
    }
}
