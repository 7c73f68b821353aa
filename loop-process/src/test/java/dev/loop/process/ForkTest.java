package dev.loop.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.process.launch.ChannelDirs;
import dev.loop.value.DataCloneException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Forks real child JVMs (the classes in {@code dev.loop.process.children}, on the child's class
 * path) and checks Node's events, in order, and that nothing is left behind: no channel directory,
 * no channel thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForkTest {

    private final EventLoop loop = EventLoop.create();
    private final List<String> events = new ArrayList<>();

    static ForkOptions child(String simpleName, String... args) {
        return ForkOptions.of("dev.loop.process.children." + simpleName).withClassPath(testClasses()).withArgs(args);
    }

    static Path testClasses() {
        try {
            return Path.of(dev.loop.process.children.EchoChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        loop.close();
        try (Stream<Path> dirs = Files.list(ChannelDirs.base())) {
            String mine = "loop-" + ProcessHandle.current().pid() + "-";
            assertEquals(List.of(), dirs.filter(d -> d.getFileName().toString().startsWith(mine)).toList(),
                    "channel directories left behind");
        }
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("loop-process-channel")).toList(), "channel threads left running");
    }

    private ChildProcess recordEvents(ChildProcess child) {
        return child.onSpawn(() -> events.add("spawn"))
                .onMessage(m -> events.add("message " + m))
                .onError(e -> events.add("error " + e.getMessage()))
                .onDisconnect(() -> events.add("disconnect"))
                .onExit(status -> events.add("exit " + status))
                .onClose(status -> events.add("close " + status));
    }

    @Test
    void messagesGoBothWaysInOrderThenDisconnectExitAndClose() {
        List<Object> echoed = new ArrayList<>();
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("EchoChild"))
                    .onSpawn(() -> events.add("spawn"))
                    .onDisconnect(() -> events.add("disconnect"))
                    .onExit(status -> events.add("exit " + status))
                    .onClose(status -> events.add("close " + status));
            assertTrue(child.pid() > 0);
            assertTrue(child.connected());
            child.onMessage(m -> {
                echoed.add(m);
                if (echoed.size() == 1000) {
                    child.disconnect();
                }
            });
            for (int i = 0; i < 999; i++) {
                child.send(i);
            }
            child.send(Map.of("last", List.of(1, 2, 3)));
        });
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 999; i++) {
            expected.add(i);
        }
        expected.add(Map.of("last", List.of(1, 2, 3)));
        assertEquals(expected, echoed);
        assertEquals(List.of("spawn", "disconnect", "exit exit code 0", "close exit code 0"), events);
    }

    @Test
    void theExitEventCarriesTheCode() {
        ChildProcess[] child = new ChildProcess[1];
        loop.run(() -> child[0] = recordEvents(Processes.fork(child("ExitChild", "3"))));
        assertEquals(List.of("spawn", "disconnect", "exit exit code 3", "close exit code 3"), events);
        assertEquals(3, child[0].exitCode());
        assertEquals(null, child[0].signalCode());
        assertFalse(child[0].connected());
    }

    @Test
    void aChildKilledBySignalReportsTheSignalNotACode() {
        ChildProcess[] child = new ChildProcess[2];
        loop.run(() -> {
            child[0] = Processes.fork(child("EchoChild"));
            child[1] = Processes.fork(child("EchoChild"));
            child[0].onMessage(m -> assertTrue(child[0].kill("SIGKILL")));
            child[1].onMessage(m -> assertTrue(child[1].kill()));
            child[0].send("hello");
            child[1].send("hello");
        });
        assertEquals("SIGKILL", child[0].signalCode());
        assertEquals(null, child[0].exitCode());
        assertEquals("SIGTERM", child[1].signalCode());
        assertEquals(null, child[1].exitCode());
    }

    @Test
    void aMissingMainClassIsAnErrorNamingIt() {
        loop.run(() -> recordEvents(Processes.fork(child("NoSuchChild").withStdio(Stdio.INHERIT, Stdio.IGNORE))));
        assertEquals(5, events.size(), events::toString);
        assertEquals("spawn", events.get(0));
        assertEquals("disconnect", events.get(1));
        assertTrue(events.get(2).startsWith("error the main class dev.loop.process.children.NoSuchChild was not found"),
                events.get(2));
        assertEquals(List.of("exit exit code 1", "close exit code 1"), events.subList(3, 5));
    }

    @Test
    void aMainThatThrowsExitsWithCodeOne() {
        loop.run(() -> recordEvents(Processes.fork(child("ExitChild", "throw").withStdio(Stdio.IGNORE, Stdio.IGNORE))));
        assertEquals(List.of("spawn", "disconnect", "exit exit code 1", "close exit code 1"), events);
    }

    @Test
    void aValueThatCannotBeClonedIsRefusedWithItsPathAndNothingIsSent() {
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("EchoChild"));
            DataCloneException refused = assertThrows(DataCloneException.class,
                    () -> child.send(Map.of("owner", new Object())));
            assertTrue(refused.getMessage().contains("$.owner"), refused.getMessage());
            child.onMessage(m -> {
                events.add("message " + m);
                child.disconnect();
            });
            child.send("after");
        });
        assertEquals(List.of("message after"), events);
    }

    @Test
    void sendAfterDisconnectIsRefused() {
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("EchoChild"));
            child.disconnect();
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> child.send(1));
            assertTrue(refused.getMessage().contains("disconnected"), refused.getMessage());
        });
    }

    @Test
    void sendReturnsFalseAtTheHighWaterMarkAndDrainFollows() {
        long[] counted = {-1};
        int[] sentBeforeFull = {0};
        boolean[] drained = {false};
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("SlowReaderChild").withHighWaterMark(64 * 1024));
            child.onMessage(m -> {
                if ("ready".equals(m)) {
                    // The child reads as fast as it can: fill past the mark at once, from this callback.
                    while (child.send("x".repeat(100))) {
                        sentBeforeFull[0]++;
                    }
                    child.onDrain(() -> {
                        drained[0] = true;
                        child.send("end");
                    });
                } else {
                    counted[0] = (Long) m;
                    child.disconnect();
                }
            });
        });
        assertTrue(drained[0]);
        assertTrue(sentBeforeFull[0] > 100, "sent " + sentBeforeFull[0]);
        assertEquals(sentBeforeFull[0] + 1, counted[0], "every message arrived, the one that returned false too");
    }

    @Test
    void everyMessageOfAChildThatExitsIsDeliveredBeforeItsExit() {
        int count = 200_000;
        long[] next = {0};
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("SenderChild", Integer.toString(count)));
            child.onMessage(m -> {
                assertEquals(next[0], ((Number) m).longValue(), "in order, none lost or repeated");
                next[0]++;
            });
            child.onExit(status -> events.add("exit after " + next[0]));
        });
        assertEquals(List.of("exit after " + count), events);
    }

    @Test
    void forkOffALoopThreadIsRefused() throws Exception {
        Throwable[] refused = new Throwable[1];
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                Processes.fork(child("EchoChild"));
            } catch (Throwable t) {
                refused[0] = t;
            }
        });
        other.join();
        assertTrue(refused[0] instanceof IllegalStateException && refused[0].getMessage().contains("loop thread"),
                String.valueOf(refused[0]));
    }

    @Test
    void optionsRefuseBadInputWithWhatToDo() {
        assertThrows(IllegalArgumentException.class, () -> ForkOptions.of(" "));
        IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class,
                () -> ForkOptions.of("x.Y").withQueueCapacity(5000));
        assertTrue(capacity.getMessage().contains("power of two"));

        loop.run(() -> {
            IllegalArgumentException transport = assertThrows(IllegalArgumentException.class,
                    () -> Processes.fork(ForkOptions.of("x.Y").withTransport("carrier-pigeon")));
            assertTrue(transport.getMessage().contains("installed: [ring]"), transport.getMessage());
        });
        assertNotNull(ForkOptions.of(ForkTest.class).module(), "a class in a named module forks in it");
    }

    @Test
    void aChildThatCannotStartIsAnErrorThenCloseAndTheLoopGoesOn() {
        loop.run(() -> {
            ChildProcess child = recordEvents(Processes.fork(child("EchoChild").withCwd(Path.of("/no/such/directory"))));
            assertEquals(0, child.pid());
            child.onClose(status -> loop.setTimeout(() -> events.add("the loop goes on"), 1)); // after recordEvents' own
        });
        assertEquals(3, events.size(), events::toString);
        assertTrue(events.get(0).startsWith("error the child JVM could not be started"), events.get(0));
        assertEquals(List.of("close exit code -2", "the loop goes on"), events.subList(1, 3));
    }

    @Test
    void noMessageArrivesAfterThisSidesOwnDisconnect() {
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("EchoChild"));
            child.onMessage(m -> {
                events.add("message");
                if (events.size() == 1) {
                    child.disconnect(); // the other 9,999 echoes may be read already: none is delivered
                }
            });
            child.onDisconnect(() -> events.add("disconnect"));
            for (int i = 0; i < 10_000; i++) {
                child.send(i);
            }
        });
        assertEquals(List.of("message", "disconnect"), events);
    }

    @Test
    void badEnvironmentIsRefusedBeforeAnythingIsMade() {
        loop.run(() -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> Processes.fork(child("EchoChild").withEnv(Map.of("A=B", "c"))));
            assertNotNull(refused.getMessage());
        });
    }

    /** activeResources() on both sides of a channel: the child's listening parent port, the parent's backlog. */
    @Test
    void aListeningParentPortAndAChannelWritingItsBacklogAreActiveResources() {
        Object[] childSaw = new Object[1];
        List<Map<String, Integer>> parentSaw = new ArrayList<>();
        loop.run(() -> {
            ChildProcess listening = Processes.fork(child("ResourcesChild"));
            listening.onMessage(resources -> {
                childSaw[0] = resources;
                listening.disconnect();
            });
            listening.send("what keeps you alive?");
            ChildProcess quiet = Processes.fork(child("ResourcesChild", "quiet").withQueueCapacity(16 * 1024));
            for (int i = 0; i < 64; i++) {
                quiet.send(new byte[1024]); // more than its queue holds, and nobody reads it
            }
            parentSaw.add(loop.activeResources());
            quiet.kill("SIGKILL");
        });
        assertEquals(Map.of("ParentPort", 1), childSaw[0]);
        assertEquals(1, parentSaw.get(0).get("IPCWrite"), parentSaw.toString());
    }
}
