package dev.loop.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A port moves to a worker while another thread keeps posting to it. Exact accounting: what main
 * received before the move, followed by what the worker received after it, is every message
 * posted, once each, in order.
 */
class TransferUnderLoadTest {

    private static final int MESSAGES = 20_000;

    @Test
    void noMessageIsLostOrDuplicatedWhenThePortMovesMidStream() throws Exception {
        SeededRounds.run(20, (random, choices) -> {
            int moveAfter = 1 + random.nextInt(MESSAGES / 2);
            choices.append("moved after ").append(moveAfter);
            oneRound(moveAfter);
        });
    }

    private static void oneRound(int moveAfter) throws InterruptedException {
        EventLoop loop = EventLoop.create();
        MessageChannel channel = new MessageChannel();
        List<Object> beforeMove = new ArrayList<>();
        List<Object> afterMove = new ArrayList<>();
        Thread sender = Thread.ofPlatform().unstarted(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                channel.port1().postMessage(i);
            }
            channel.port1().postMessage("end");
        });
        loop.run(() -> {
            Worker worker = Worker.start(w -> w.parentPort().onMessage(m -> {
                MessagePort port = (MessagePort) ((Map<?, ?>) m).get("port");
                List<Object> got = new ArrayList<>();
                port.onMessage(x -> {
                    if ("end".equals(x)) {
                        w.parentPort().postMessage(got);
                        port.close();
                        w.parentPort().close();
                    } else {
                        got.add(x);
                    }
                });
            }));
            worker.onMessage(got -> afterMove.addAll((List<?>) got));
            channel.port2().onMessage(m -> {
                beforeMove.add(m);
                if (beforeMove.size() == moveAfter) {
                    worker.postMessage(Map.of("port", channel.port2()), List.of(channel.port2()));
                }
            });
            sender.start();
        });
        sender.join();
        loop.close();
        List<Object> all = new ArrayList<>(beforeMove);
        all.addAll(afterMove);
        assertEquals(moveAfter, beforeMove.size(), "main stops receiving once the port has moved");
        assertEquals(MESSAGES, all.size());
        for (int i = 0; i < MESSAGES; i++) {
            if (!all.get(i).equals(i)) {
                throw new AssertionError("message " + i + " is " + all.get(i));
            }
        }
    }
}
