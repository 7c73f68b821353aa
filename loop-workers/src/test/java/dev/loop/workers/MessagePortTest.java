package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Phase;
import dev.loop.value.DataCloneException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ports and channels: order, phase, liveness, closing, transfer. */
class MessagePortTest extends LoopFixture {

    /** Node 20 prints: got 1, tick 1, micro 1, got 2, tick 2, micro 2, immediate. */
    @Test
    void messagesArriveInThePollPhaseWithTicksAndMicrotasksDrainedBetween() {
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            channel.port2().onMessage(m -> {
                log.add("got " + m + " in " + loop.phase());
                loop.queueMicrotask(() -> log.add("micro " + m));
                loop.nextTick(() -> log.add("tick " + m));
                if (m.equals(2)) {
                    channel.port2().close();
                }
            });
            channel.port1().postMessage(1);
            channel.port1().postMessage(2);
            loop.setTimeout(() -> loop.setImmediate(() -> log.add("immediate")), 0);
        });
        assertEquals(List.of("got 1 in " + Phase.POLL, "tick 1", "micro 1", "got 2 in " + Phase.POLL, "tick 2", "micro 2"),
                log.subList(0, 6));
    }

    @Test
    void aListeningPortKeepsTheLoopAliveUntilClosedOrUnrefd() {
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            channel.port1().onMessage(m -> log.add("never"));
            assertTrue(channel.port1().hasRef());
            loop.setTimeout(() -> {
                log.add("still alive at 20 ms");
                channel.port1().close();
            }, 20);
        });
        assertEquals(List.of("still alive at 20 ms"), log);

        EventLoop other = EventLoop.create();
        other.run(() -> new MessageChannel().port1().onMessage(m -> { }).unref());
        other.close();
    }

    /** As Node's port: the loop stays alive while a message listener is registered, and not after the last one is removed. */
    @Test
    void removingTheLastMessageListenerLetsTheLoopEnd() {
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            dev.loop.api.Registration first = channel.port1().on(MessagePort.MESSAGE, m -> log.add("first " + m));
            dev.loop.api.Registration second = channel.port1().on(MessagePort.MESSAGE, m -> log.add("second " + m));
            channel.port2().postMessage(1);
            loop.setTimeout(() -> {
                first.close();
                assertTrue(channel.port1().hasRef(), "one listener is left");
                second.close();
                assertFalse(channel.port1().hasRef());
                log.add("both removed");
            }, 10);
        });
        assertEquals(List.of("first 1", "second 1", "both removed"), log);
    }

    /** ref, unref and the listener setters belong to the owning loop's thread, as the loop's own methods do. */
    @Test
    void refAndUnrefFromAnotherThreadAreRefused() throws Exception {
        MessageChannel channel = new MessageChannel();
        loop.run(() -> channel.port1().onMessage(m -> { }).unref());
        List<String> messages = new ArrayList<>();
        Thread other = new Thread(() -> {
            for (Runnable call : List.<Runnable>of(channel.port1()::ref, channel.port1()::unref,
                    () -> channel.port1().onClose(() -> { }), () -> channel.port1().onMessageError(e -> { }))) {
                try {
                    call.run();
                } catch (IllegalStateException refused) {
                    messages.add(refused.getMessage());
                }
            }
        }, "not-the-loop");
        other.start();
        other.join(); // happens-before: the list's contents are visible after the join
        assertEquals(4, messages.size());
        assertTrue(messages.getFirst().startsWith("ref must run on the thread of the loop"), messages.getFirst());
        assertTrue(messages.getFirst().contains("execute"), messages.getFirst());
        channel.port1().close();
    }

    /** Node 20: the sender posts 1, 2 and closes; the receiver gets 1, 2, then both close events. */
    @Test
    void messagesPostedBeforeACloseAreDeliveredThenBothEndsClose() {
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            channel.port2().onMessage(m -> log.add("got " + m)).onClose(() -> log.add("port2 close"));
            channel.port1().onClose(() -> log.add("port1 close"));
            channel.port1().postMessage(1);
            channel.port1().postMessage(2);
            channel.port1().close();
            IllegalStateException late = assertThrows(IllegalStateException.class, () -> channel.port1().postMessage(3));
            assertTrue(late.getMessage().contains("closed"), late.getMessage());
            assertThrows(IllegalStateException.class, () -> channel.port2().postMessage(4));
        });
        assertEquals(List.of("got 1", "got 2"), log.subList(0, 2));
        assertEquals(List.of("port1 close", "port2 close"), log.subList(2, 4).stream().sorted().toList());
    }

    /** Where Node drops them, a receiver that closes still gets what was posted before. */
    @Test
    void aReceiverThatClosesStillGetsWhatWasPostedBefore() {
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            channel.port2().onMessage(m -> log.add("got " + m)).onClose(() -> log.add("close"));
            channel.port1().postMessage(1);
            channel.port1().postMessage(2);
            channel.port2().close();
        });
        assertEquals(List.of("got 1", "got 2", "close"), log);
    }

    @Test
    void messagesWaitForAPortThatStartsLater() {
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            channel.port1().postMessage("early");
            channel.port1().close();
            loop.setTimeout(() -> channel.port2().onMessage(m -> log.add("got " + m)).onClose(() -> log.add("close")), 10);
        });
        assertEquals(List.of("got early", "close"), log);
    }

    @Test
    void aTransferredPortTalksToTheWorkerAndIsDetachedHere() {
        loop.run(() -> {
            Worker worker = Worker.start(w -> w.parentPort().onMessage(m -> {
                MessagePort port = (MessagePort) ((Map<?, ?>) m).get("port");
                port.onMessage(x -> {
                    port.postMessage("worker got " + x + " on " + Thread.currentThread().getName());
                    port.close();
                    w.parentPort().close();
                });
            }));
            MessageChannel channel = new MessageChannel();
            DataCloneException notListed = assertThrows(DataCloneException.class,
                    () -> worker.postMessage(Map.of("port", channel.port2())));
            assertTrue(notListed.getMessage().contains("transfer list"), notListed.getMessage());
            assertFalse(channel.port2().detached());

            worker.postMessage(Map.of("port", channel.port2()), List.of(channel.port2()));
            assertTrue(channel.port2().detached());
            assertThrows(IllegalStateException.class, () -> channel.port2().postMessage("x"));
            assertThrows(DataCloneException.class, () -> channel.port1().postMessage(1, List.of(channel.port1())),
                    "a port cannot travel through its own channel");
            channel.port1().onMessage(m -> log.add((String) m)).onClose(() -> log.add("closed"));
            channel.port1().postMessage("hello");
        });
        assertEquals(List.of("worker got hello on loop-worker-" + lastWorkerId(), "closed"), log);
    }

    private static int lastWorkerId() {
        // the id counter is process-wide; read it back through a fresh worker's name
        EventLoop probe = EventLoop.create();
        int[] id = new int[1];
        probe.run(() -> id[0] = Worker.start(w -> { }).threadId());
        probe.close();
        return id[0] - 1;
    }

    @Test
    void broadcastChannelsDeliverToEveryOtherMemberNotToTheSender() {
        List<Object> fromWorkers = new ArrayList<>();
        loop.run(() -> {
            BroadcastChannel main = new BroadcastChannel("news");
            main.onMessage(m -> {
                fromWorkers.add(m);
                if (fromWorkers.size() == 2) {
                    main.postMessage("bye");
                    main.close();
                }
            });
            for (int i = 0; i < 2; i++) {
                Worker.start(WorkerOptions.defaults().withWorkerData(i), w -> {
                    BroadcastChannel mine = new BroadcastChannel("news");
                    mine.onMessage(m -> {
                        if (m.equals("bye")) {
                            mine.close();
                        }
                    });
                    mine.postMessage("worker " + w.workerData() + " here");
                });
            }
        });
        // each worker's message reaches main; a worker also sees the other's, but never its own
        assertEquals(List.of("worker 0 here", "worker 1 here"), fromWorkers.stream().map(Object::toString).sorted().toList());
    }

    @Test
    void startingAPortOffALoopThreadIsAClearError() {
        MessageChannel channel = new MessageChannel();
        Thread plain = Thread.ofPlatform().unstarted(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> channel.port1().onMessage(m -> { }));
            log.add(e.getMessage());
        });
        plain.start();
        try {
            plain.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(((String) log.get(0)).contains("needs a loop thread"), (String) log.get(0));
    }
}
