package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.value.shared.Atomics;
import dev.loop.value.shared.Int32Array;
import dev.loop.value.shared.SharedBuffer;
import dev.loop.value.DataCloneException;
import dev.loop.value.ValueCodec;
import dev.loop.value.ValueCodecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code receiveMessage()}: Node's {@code receiveMessageOnPort}, started or not. */
class ReceiveMessageTest extends LoopFixture {

    private static Object take(MessageTarget<?> target) {
        return target.receiveMessage().orElseThrow().message();
    }

    @Test
    void anUnstartedPortGivesItsMessagesInOrderThenNothing() {
        MessageChannel channel = new MessageChannel();
        channel.port1().postMessage(1);
        channel.port1().postMessage(null);
        channel.port1().postMessage(List.of("three"));
        assertEquals(1, take(channel.port2()));
        assertEquals(Optional.of(new ReceivedMessage(null)), channel.port2().receiveMessage(), "a null message is a message");
        assertEquals(List.of("three"), take(channel.port2()));
        assertEquals(Optional.empty(), channel.port2().receiveMessage());
        channel.port1().close();
    }

    @Test
    void aMessageTakenHereIsNotDeliveredToTheListener() {
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            channel.port2().onMessage(m -> {
                log.add("listener " + m);
                if (m.equals(3)) {
                    channel.port2().close();
                }
            });
            for (int i = 1; i <= 3; i++) {
                channel.port1().postMessage(i);
            }
            log.add("taken " + take(channel.port2()));
        });
        assertEquals(List.of("taken 1", "listener 2", "listener 3"), log);
    }

    /** Node 20 prints: 1, null, then after the close 3 and undefined, then the close event. */
    @Test
    void afterACloseTheMessagesPostedBeforeItCanBeTakenButTheCloseReachesTheListener() {
        loop.run(() -> {
            MessageChannel channel = new MessageChannel();
            for (Object m : new Object[] {1, null, 3}) {
                channel.port1().postMessage(m);
            }
            log.add(take(channel.port2()));
            log.add(take(channel.port2()));
            channel.port2().onMessage(m -> log.add("listener " + m)).onClose(() -> log.add("close event"));
            channel.port1().close();
            log.add("after close " + take(channel.port2()));
            log.add("then " + channel.port2().receiveMessage());
        });
        List<Object> expected = new ArrayList<>();
        expected.add(1);
        expected.add(null);
        expected.addAll(List.of("after close 3", "then Optional.empty", "close event"));
        assertEquals(expected, log);
    }

    @Test
    void aThreadBlockedInAtomicsWaitReadsAWorkersMessagesWithoutALoop() throws Exception {
        MessageChannel channel = new MessageChannel();
        Int32Array signal = SharedBuffer.allocate(4).int32();
        AtomicReference<Object> reader = new AtomicReference<>();
        // A plain thread, not a loop's: it blocks until the worker signals, then reads.
        Thread waiting = new Thread(() -> {
            List<Object> got = new ArrayList<>();
            while (Atomics.load(signal, 0) == 0) {
                Atomics.wait(signal, 0, 0);
            }
            channel.port1().receiveMessage().ifPresent(m -> got.add(m.message()));
            channel.port1().receiveMessage().ifPresent(m -> got.add(m.message()));
            got.add(channel.port1().receiveMessage());
            reader.set(got);
        }, "reader");
        waiting.start();
        loop.run(() -> Worker.start(WorkerOptions.defaults().withWorkerData(List.of(channel.port2(), signal.buffer()),
                List.of(channel.port2())), w -> {
            List<?> data = (List<?>) w.workerData();
            MessagePort port = (MessagePort) data.get(0);
            port.postMessage("a");
            port.postMessage("b");
            Int32Array flag = ((SharedBuffer) data.get(1)).int32();
            Atomics.store(flag, 0, 1);
            Atomics.notify(flag, 0, 1);
        }));
        waiting.join();
        assertEquals(List.of("a", "b", Optional.empty()), reader.get());
        channel.port1().close();
    }

    static final class Unreadable {
    }

    static {
        ValueCodecs.register(ValueCodec.of(Unreadable.class, "test.Unreadable/1", value -> 0, structured -> {
            throw new IllegalArgumentException("cannot be read here");
        }));
    }

    @Test
    void aMessageThatCannotBeDeserializedThrowsAndIsConsumed() {
        MessageChannel channel = new MessageChannel();
        channel.port1().postMessage(List.of(new Unreadable()));
        channel.port1().postMessage("next");
        DataCloneException e = assertThrows(DataCloneException.class, () -> channel.port2().receiveMessage());
        assertEquals("$[0]", e.path());
        assertEquals("next", take(channel.port2()));
        channel.port1().close();
    }

    @Test
    void aStartedPortIsReadOnlyOnItsLoopThreadAndATransferredOneNotAtAll() throws Exception {
        MessageChannel channel = new MessageChannel();
        loop.run(() -> channel.port2().start().unref());
        AtomicReference<Throwable> elsewhere = new AtomicReference<>();
        Thread other = new Thread(() -> elsewhere.set(assertThrows(IllegalStateException.class,
                () -> channel.port2().receiveMessage())));
        other.start();
        other.join();
        assertTrue(elsewhere.get().getMessage().contains("must run on the thread of the loop"), elsewhere.get().getMessage());

        MessageChannel carrier = new MessageChannel();
        MessageChannel moved = new MessageChannel();
        carrier.port1().postMessage(moved.port2(), List.of(moved.port2()));
        IllegalStateException detached = assertThrows(IllegalStateException.class, () -> moved.port2().receiveMessage());
        assertTrue(detached.getMessage().contains("transferred"), detached.getMessage());
        for (MessageChannel c : List.of(channel, carrier, moved)) {
            c.port1().close();
        }
    }

    @Test
    void aBroadcastChannelMessageCanBeTakenBeforeItsDelivery() {
        loop.run(() -> {
            BroadcastChannel sender = new BroadcastChannel("receive-test");
            BroadcastChannel receiver = new BroadcastChannel("receive-test").onMessage(m -> log.add("listener " + m));
            sender.postMessage("first");
            sender.postMessage("second");
            log.add("taken " + take(receiver));
            loop.setTimeout(() -> {
                sender.close();
                receiver.close();
            }, 5);
        });
        assertEquals(List.of("taken first", "listener second"), log);
    }
}
