package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import dev.loop.process.ChildContext;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.ParentPort;
import dev.loop.process.Processes;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Beyond Node: a durable mailbox. A stream of messages goes to a child that is killed with
 * SIGKILL part-way; {@code respawn()} starts another and delivers first every message the dead
 * one never acknowledged (a message counts as acknowledged once its callback returned). Every
 * message is processed, in order; one that was in its callback when the child died may be
 * processed twice, and the new child is told so.
 */
final class RespawnStop implements Stop {

    static final int MESSAGES = 10_000;
    static final int KILL_AFTER = 3_000;

    @Override
    public String title() {
        return "Respawn: a child killed in the middle of a stream, and nothing lost";
    }

    @Override
    public void run(Io io, PrintStream out) {
        EventLoop loop = io.loop();
        List<Long> answers = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        loop.run(() -> new Object() {
            int next;
            ChildProcess child;

            void watch(ChildProcess started) {
                child = started;
                started.onMessage(answer -> {
                    answers.add((Long) answer);
                    if ((Long) answer >> 1 == MESSAGES - 1) {
                        started.disconnect(); // the last one: messages are processed in order
                    } else if (answers.size() == KILL_AFTER) {
                        lines.add("killed the child with SIGKILL after " + KILL_AFTER + " answers");
                        started.kill("SIGKILL");
                    }
                });
                started.onDrain(this::send);
                started.onExit(status -> {
                    if (status.signal() != null) {
                        lines.add("it exited by " + status.signal() + " with messages unacknowledged; respawn() delivers them first");
                        watch(started.respawn());
                    }
                });
                send();
            }

            void send() {
                while (next < MESSAGES && child.connected()) {
                    if (!child.send(next++)) {
                        return; // the drain event sends the rest
                    }
                }
            }
        }.watch(Processes.fork(ForkOptions.of(Doubler.class))));
        List<Long> processed = new ArrayList<>();
        int unmarkedDuplicates = 0;
        for (long answer : answers) {
            long n = answer >> 1;
            if (!processed.isEmpty() && processed.getLast() == n) {
                unmarkedDuplicates += (answer & 1) == 0 ? 1 : 0; // a duplicate must say it is a redelivery
                continue;
            }
            processed.add(n);
        }
        boolean inOrder = true;
        for (int i = 0; i < processed.size(); i++) {
            inOrder &= processed.get(i) == i;
        }
        lines.forEach(out::println);
        out.println("processed " + processed.size() + " of " + MESSAGES + " messages, in order: " + inOrder
                + ", unmarked duplicates: " + unmarkedDuplicates);
    }

    /** The child: answers each number n with 2n, plus 1 when it is a redelivery that may have been processed already. */
    public static final class Doubler {
        private Doubler() {
        }

        /**
         * Runs the child's loop until the parent disconnects.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            try (EventLoop loop = EventLoop.create()) {
                loop.run(() -> {
                    ParentPort parent = ChildContext.parentPort();
                    parent.onMessage(message -> parent.send(2 * ((Number) message).longValue() + (parent.redelivered() ? 1 : 0)));
                });
            }
        }
    }
}
