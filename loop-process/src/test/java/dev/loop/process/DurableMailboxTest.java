package dev.loop.process;

import static dev.loop.process.ForkTest.child;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.process.launch.ChannelDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The durable mailbox: a message counts as acknowledged once the child's callback returned; a
 * child that dies leaves the rest to {@link ChildProcess#unacknowledged()}, and
 * {@link ChildProcess#respawn()} delivers them, in order, to a new child before anything sent
 * later, marking the one that may have been processed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DurableMailboxTest {

    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void noChannelsLeft() throws IOException {
        loop.close();
        try (var dirs = Files.list(ChannelDirs.base())) {
            String mine = "loop-" + ProcessHandle.current().pid() + "-";
            assertEquals(List.of(), dirs.filter(d -> d.getFileName().toString().startsWith(mine)).toList());
        }
    }

    /**
     * 100,000 numbers streamed to a child that is killed with SIGKILL at 20 random points, each
     * time respawned from its exit listener. Every number is processed, in order; a number is
     * processed twice only where the child died in its callback, at most once per kill, and the
     * second time is marked as a redelivery.
     */
    @Test
    void aStreamSurvivesTwentyKillsWithEveryMessageProcessedInOrder() {
        int total = 100_000;
        int kills = 20;
        Random random = new Random(19);
        TreeSet<Integer> killAt = new TreeSet<>();
        while (killAt.size() < kills) {
            killAt.add(1 + random.nextInt(total - 1));
        }
        List<Long> answers = new ArrayList<>(total + kills);
        int[] next = {0};
        int[] respawns = {0};
        boolean[] done = {false};
        loop.run(() -> new Object() {
            ChildProcess child;

            void start(ChildProcess started) {
                child = started;
                current = started;
                boolean[] killed = {false};
                started.onMessage(answer -> {
                    answers.add((Long) answer);
                    if ((Long) answer >> 1 == total - 1) {
                        done[0] = true; // the last one: messages are processed in order
                        started.disconnect();
                    } else if (!killed[0] && !killAt.isEmpty() && answers.size() >= killAt.first()) {
                        killAt.pollFirst();
                        killed[0] = true; // its answers until it dies do not kill it again
                        started.kill("SIGKILL");
                    }
                });
                started.onDrain(this::send);
                started.onExit(status -> {
                    if (status.signal() != null && !done[0]) { // a child killed as it answered the last needs no successor
                        respawns[0]++;
                        start(started.respawn());
                    }
                });
                send();
            }

            void send() {
                while (next[0] < total && child.connected()) {
                    if (!child.send(next[0]++)) {
                        return; // the drain event sends the rest
                    }
                }
            }
        }.start(watched(Processes.fork(child("CountingChild")))));

        int performed = kills - killAt.size(); // a kill point passed while a child was dying moves to the next child
        assertTrue(performed >= kills - 2, performed + " kills");
        assertTrue(respawns[0] >= performed - 1, respawns[0] + " respawns"); // the last kill may land after the last answer
        List<Long> processed = new ArrayList<>(total);
        int duplicates = 0;
        for (long answer : answers) {
            long n = answer >> 1;
            boolean marked = (answer & 1) == 1;
            if (!processed.isEmpty() && processed.getLast() == n) {
                assertTrue(marked, "message " + n + " was processed twice without the redelivery mark");
                duplicates++;
                continue;
            }
            processed.add(n);
        }
        for (int i = 0; i < Math.min(total, processed.size()); i++) {
            assertEquals(i, processed.get(i), "the processed messages, in order and without gaps, differ first at " + i);
        }
        assertEquals(total, processed.size(), "every message processed");
        assertTrue(duplicates <= kills, duplicates + " duplicates for " + kills + " kills");
    }

    private ChildProcess current;

    /** Fails the test, rather than hanging it, if the stream stalls: the loop ignores interrupts. */
    private ChildProcess watched(ChildProcess first) {
        loop.setTimeout(() -> {
            throw new AssertionError("the stream stalled: it began with " + first + ", and is now at " + current);
        }, 60_000).unref();
        return first;
    }

    /**
     * Without respawn nothing is lost silently: the exit event counts what was never acknowledged
     * (the message the child died in, and every one after it), and unacknowledged() returns them,
     * the first marked as possibly processed.
     */
    @Test
    void withoutRespawnTheExitCountsWhatWasNeverAcknowledgedAndTheValuesStayAvailable() {
        List<Object> events = new ArrayList<>();
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("CountingChild", "10"));
            for (int i = 0; i < 50; i++) {
                child.send(i);
            }
            child.onMessage(answer -> events.add(answer));
            child.onExit(status -> {
                events.add(status);
                Unacknowledged left = child.unacknowledged();
                events.add(left.messages());
                events.add(left.firstMayHaveBeenProcessed());
                assertThrows(IllegalStateException.class, () -> child.send(99));
            });
        });
        List<Object> expected = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            expected.add(2 * i);
        }
        expected.add(new ExitStatus(3, null, 40));
        expected.add(java.util.stream.IntStream.range(10, 50).boxed().toList());
        expected.add(true);
        assertEquals(expected, events);
    }

    /**
     * A child that dies inside the callback of message 10: its successor receives 10 first,
     * marked as a redelivery, then 11 to 19 unmarked, then what was sent after the respawn.
     */
    @Test
    void theMessageAChildDiedInIsRedeliveredFirstAndMarked() {
        List<Long> answers = new ArrayList<>();
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("CountingChild", "10"));
            for (int i = 0; i < 20; i++) {
                child.send(i);
            }
            child.onMessage(answer -> answers.add((Long) answer));
            child.onExit(status -> {
                assertEquals(new ExitStatus(3, null, 10), status);
                ChildProcess next = child.respawn();
                next.send(20);
                next.onMessage(answer -> {
                    answers.add((Long) answer);
                    if ((Long) answer == 40) {
                        next.disconnect();
                    }
                });
            });
        });
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            expected.add(2 * i);
        }
        expected.add(21L); // 10, redelivered and marked
        for (long i = 11; i <= 20; i++) {
            expected.add(2 * i);
        }
        assertEquals(expected, answers);
    }

    /**
     * With a restart policy the crashed child is respawned by itself after its backoff, announced
     * by the respawn event; the new child gets the message the old one died in, marked, then the
     * rest.
     */
    @Test
    void aRestartPolicyRespawnsACrashedChildByItself() {
        List<Long> answers = new ArrayList<>();
        List<String> events = new ArrayList<>();
        loop.run(() -> {
            watched(null);
            ChildProcess child = Processes.fork(child("CountingChild", "10")
                    .withRestart(RestartPolicy.backoff(java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(50))));
            for (int i = 0; i < 20; i++) {
                child.send(i);
            }
            child.onMessage(answer -> answers.add((Long) answer));
            child.onExit(status -> events.add("exit " + status));
            child.onRespawn(next -> {
                events.add("respawn");
                next.onMessage(answer -> {
                    answers.add((Long) answer);
                    if ((Long) answer == 38) {
                        next.disconnect();
                    }
                });
                next.onExit(status -> events.add("exit " + status));
            });
        });
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            expected.add(2 * i);
        }
        expected.add(21L);
        for (long i = 11; i < 20; i++) {
            expected.add(2 * i);
        }
        assertEquals(expected, answers);
        assertEquals(List.of("exit exit code 3, 10 message(s) unacknowledged", "respawn", "exit exit code 0"), events);
    }

    /**
     * A child that crashes at every start is restarted as often as the policy allows in a row,
     * then the error event says it gives up; a child the parent kills is not restarted.
     */
    @Test
    void aRestartPolicyGivesUpAfterItsLimitAndIgnoresTheParentsKill() {
        List<String> events = new ArrayList<>();
        RestartPolicy twice = RestartPolicy.backoff(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(4)).withMaxRestarts(2);
        loop.run(() -> {
            watched(null);
            var chain = new Object() {
                void watch(ChildProcess child) {
                    child.onExit(status -> events.add("exit " + status));
                    child.onRespawn(next -> {
                        events.add("respawn");
                        watch(next);
                    });
                    child.onError(error -> events.add("error " + error.getMessage().contains("restarts in a row")));
                }
            };
            chain.watch(Processes.fork(child("ExitChild", "3").withRestart(twice)));
            ChildProcess killed = Processes.fork(child("CountingChild").withRestart(twice));
            killed.onRespawn(next -> events.add("the killed child was respawned"));
            killed.kill("SIGKILL");
        });
        assertEquals(List.of("exit exit code 3", "respawn", "exit exit code 3", "respawn", "exit exit code 3", "error true"),
                events.stream().filter(e -> !e.equals("exit signal SIGKILL")).toList());
        assertFalse(events.contains("the killed child was respawned"));
    }

    /**
     * Children a pool kept waiting and then discarded were never handed out: their SIGKILL is not a
     * crash, and the policy restarts none of them.
     */
    @Test
    void aPoolsDiscardedChildrenAreNotRestarted() throws Exception {
        List<String> events = new ArrayList<>();
        RestartPolicy policy = RestartPolicy.backoff(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(4));
        List<ChildProcess> kept = new ArrayList<>();
        loop.run(() -> {
            watched(null);
            ForkPool pool = ForkPool.create(child("CountingChild").withRestart(policy), 2);
            kept.addAll(pool.waiting());
            for (ChildProcess waiting : kept) {
                waiting.onRespawn(next -> events.add("respawned"));
            }
            pool.close();
        });
        for (ChildProcess waiting : kept) {
            waiting.cleanedUp().get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), events);
    }

    /** respawn() refuses a running child, a second respawn, and a spawned command, saying why. */
    @Test
    void respawnRefusesWhatItCannotDo() {
        List<String> errors = new ArrayList<>();
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("CountingChild"));
            errors.add(assertThrows(IllegalStateException.class, child::respawn).getMessage());
            child.onExit(status -> {
                ChildProcess next = child.respawn();
                errors.add(assertThrows(IllegalStateException.class, child::respawn).getMessage());
                assertEquals(List.of(), child.unacknowledged().messages(), "handed to the successor");
                next.disconnect();
            });
            child.kill("SIGKILL");
        });
        assertTrue(errors.get(0).contains("is still running"), errors.get(0));
        assertTrue(errors.get(1).contains("was respawned already"), errors.get(1));
        assertFalse(errors.isEmpty());
    }
}
