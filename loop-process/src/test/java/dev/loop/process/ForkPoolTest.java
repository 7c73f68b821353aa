package dev.loop.process;

import static dev.loop.process.ForkTest.child;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import dev.loop.process.launch.ChannelDirs;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A pool hands out children whose JVMs are up, replaces them, and leaves nothing behind. */
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForkPoolTest {

    private final EventLoop loop = EventLoop.create();
    private final List<String> events = new ArrayList<>();

    /** Runs {@code then} on the loop once {@code pool.warm()} reaches {@code count}, checking every 5 ms. */
    private void whenWarm(ForkPool pool, int count, Runnable then) {
        Timeout[] check = new Timeout[1];
        check[0] = loop.setInterval(() -> {
            if (pool.warm() >= count) {
                check[0].close();
                then.run();
            }
        }, 5);
    }

    @Test
    void aWarmChildIsHandedOutWithWhatItSentWhileWaitingAndReplaced() throws Exception {
        ForkPool[] pool = new ForkPool[1];
        loop.run(() -> {
            pool[0] = ForkPool.create(child("ReadyChild"), 2);
            whenWarm(pool[0], 2, () -> {
                ChildProcess child = pool[0].fork();
                child.onSpawn(() -> events.add("spawn"));
                child.onMessage(m -> {
                    events.add("message " + m);
                    child.disconnect();
                });
                child.onExit(status -> {
                    events.add("exit " + status);
                    whenWarm(pool[0], 2, () -> { // the replacement starts 100 ms after the hand-out
                        events.add("replaced");
                        pool[0].close();
                    });
                });
            });
        });
        assertEquals(List.of("spawn", "message ready", "exit exit code 0", "replaced"), events);
        loop.run(() -> assertThrows(IllegalStateException.class, pool[0]::fork));
        loop.close();
        assertNothingLeft();
    }

    @Test
    void waitingChildrenDoNotKeepTheLoopAliveAndDieWithIt() throws Exception {
        ForkPool[] pool = new ForkPool[1];
        loop.run(() -> pool[0] = ForkPool.create(child("ReadyChild"), 2));
        List<ChildProcess> waiting = pool[0].waiting();
        assertEquals(2, waiting.size());
        loop.close(); // kills them
        for (ChildProcess child : waiting) {
            child.cleanedUp().get(30, TimeUnit.SECONDS);
        }
        assertNothingLeft();
    }

    /** Its process is spawned in the background: a kill before then is held, not refused or lost. */
    @Test
    void aChildHandedOutBeforeItsProcessExistsStillGetsItsKill() {
        ExitStatus[] status = new ExitStatus[1];
        boolean[] sent = new boolean[1];
        long[] pidAtKill = new long[1];
        loop.run(() -> {
            ForkPool pool = ForkPool.create(child("SilentChild"), 1);
            ChildProcess child = pool.fork();
            pidAtKill[0] = child.pid();
            sent[0] = child.kill("SIGTERM");
            child.onExit(s -> status[0] = s);
            pool.close();
        });
        assertEquals(0, pidAtKill[0], "handed out before its process was spawned");
        assertTrue(sent[0], "held until the process exists");
        assertEquals(new ExitStatus(null, "SIGTERM"), status[0]);
    }

    @Test
    void badInputIsRefused() {
        loop.run(() -> assertThrows(IllegalArgumentException.class, () -> ForkPool.create(child("ReadyChild"), 0)));
        Throwable[] offLoop = new Throwable[1];
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                ForkPool.create(child("ReadyChild"), 1);
            } catch (Throwable t) {
                offLoop[0] = t;
            }
        });
        try {
            other.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(offLoop[0] instanceof IllegalStateException, String.valueOf(offLoop[0]));
    }

    private static void assertNothingLeft() throws Exception {
        try (var dirs = Files.list(ChannelDirs.base())) {
            String mine = "loop-" + ProcessHandle.current().pid() + "-";
            assertEquals(List.of(), dirs.filter(d -> d.getFileName().toString().startsWith(mine)).toList());
        }
    }
}
