package dev.loop.process;

import static dev.loop.process.ForkTest.child;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.process.launch.ChannelDirs;
import dev.loop.process.os.Native;
import dev.loop.process.os.Signals;
import dev.loop.process.ring.RingTransportProvider;
import dev.loop.process.spi.IpcWriter;
import dev.loop.value.ValueEncoding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults: a child killed in the middle of a stream, bytes that do not decode, a corrupted queue,
 * the parent's death and the parent's loop closing. The parent's loop goes on, and nothing is left
 * behind.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChildFaultTest {

    private final EventLoop loop = EventLoop.create();
    private final List<String> events = new ArrayList<>();

    @Test
    void aChildKilledInTheMiddleOfAStreamEndsWithTheSignalAndTheLoopGoesOn() {
        long[] next = {0};
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("SenderChild", "10000000"));
            child.onMessage(m -> {
                assertEquals(next[0]++, ((Number) m).longValue(), "in order, without gaps, up to the kill");
                if (next[0] == 10_000) {
                    child.kill("SIGKILL");
                }
            });
            child.onExit(status -> {
                events.add("exit " + status);
                loop.setTimeout(() -> events.add("the loop goes on"), 1);
            });
        });
        assertEquals(List.of("exit signal SIGKILL", "the loop goes on"), events);
        assertTrue(next[0] >= 10_000);
        assertNoChannelsLeft();
    }

    @Test
    void bytesThatDoNotDecodeAreAMessageErrorAndLaterMessagesStillArrive() throws IOException {
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("SilentChild"));
            child.onMessageError(e -> events.add("message error"));
            child.onMessage(m -> {
                events.add("message " + m);
                child.kill("SIGKILL");
            });
            // Stands in for the child's writer (which never writes): garbage, then a real message.
            try (IpcWriter writer = new RingTransportProvider().openWriter(child.directory(), "to-parent",
                    ForkOptions.DEFAULT_QUEUE_CAPACITY)) {
                writer.write(new byte[] {(byte) 0xFF, 1, 2, 3});
                writer.write(ValueEncoding.encode("after"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(List.of("message error", "message after"), events);
        assertNoChannelsLeft();
    }

    @Test
    void aCorruptedQueueIsAnErrorThenADisconnectNeverAHang() {
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("SilentChild"));
            child.onError(e -> events.add("error " + e.getMessage() + ": " + e.getCause().getMessage()));
            child.onDisconnect(() -> events.add("disconnect"));
            child.onExit(status -> events.add("exit " + status));
            // A tail that is not a record ahead of the head.
            overwriteLong(child.directory().resolve("to-parent.ring"), 64, 3);
        });
        // The child is told too: its port hears disconnect, and its loop (kept alive by the port) ends.
        assertEquals(List.of("error the channel from the child is corrupted; it is disconnected: "
                + "corrupted IPC ring: the tail 3 is not a record ahead of the head 0", "disconnect", "exit exit code 0"), events);
        assertNoChannelsLeft();
    }

    /**
     * The middle child is killed with SIGKILL; its own child (the grandchild) notices at once and
     * ends, and the middle child's channel directory, which nobody deleted, goes at the next sweep.
     */
    @Test
    void aChildDiesWithItsParentEvenWhenTheParentIsKilled() throws Exception {
        grandchildEndsWhenItsParentIsKilled("attached");
    }

    /** A detached child lives on, but its port hears disconnect, so a child that only listens ends. */
    @Test
    void aDetachedChildsPortHearsDisconnectWhenItsParentIsKilled() throws Exception {
        grandchildEndsWhenItsParentIsKilled("detached");
    }

    private void grandchildEndsWhenItsParentIsKilled(String how) throws Exception {
        long[] grandchild = {0};
        long[] middle = {0};
        long[] killed = {0};
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("MiddleChild", how));
            middle[0] = child.pid();
            child.onMessage(pid -> {
                grandchild[0] = (Long) pid;
                assertEquals(0, Native.kill(grandchild[0], 0), "the grandchild runs");
                killed[0] = System.nanoTime();
                child.kill("SIGKILL");
            });
        });
        // Not a child of ours, so the JDK would poll for its exit with growing pauses: read its
        // state from the kernel until it has ended (a zombie has: reaping it is init's business).
        long deadline = killed[0] + TimeUnit.SECONDS.toNanos(20);
        while (Procs.running(grandchild[0]) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long millis = (System.nanoTime() - killed[0]) / 1_000_000;
        System.out.println("the " + how + " grandchild ended " + millis + " ms after its parent was sent SIGKILL");
        boolean outlived = Procs.running(grandchild[0]);
        if (outlived) {
            Native.kill(grandchild[0], Signals.KILL); // nothing is left behind, even when this fails
        }
        assertFalse(outlived, "the grandchild outlived its parent by " + millis + " ms");
        Path orphaned = ChannelDirs.base().resolve("loop-" + middle[0] + "-1");
        assertTrue(Files.isDirectory(orphaned), "the killed parent could not delete its child's channel");
        assertTrue(ChannelDirs.sweep(ChannelDirs.base()) >= 1);
        assertFalse(Files.exists(orphaned), "swept");
        assertNoChannelsLeft();
    }

    @Test
    void closingTheParentsLoopKillsItsChildren() throws Exception {
        ChildProcess[] child = new ChildProcess[1];
        loop.run(() -> {
            child[0] = Processes.fork(child("SilentChild"));
            child[0].onMessage(m -> events.add("never"));
            loop.setTimeout(loop::close, 50);
        });
        ProcessHandle.of(child[0].pid()).ifPresent(p -> p.onExit().join());
        child[0].cleanedUp().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), events);
        assertNoChannelsLeft();
    }

    @Test
    void killRefusesAnUnknownSignalName() {
        loop.run(() -> {
            ChildProcess child = Processes.fork(child("SilentChild"));
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> child.kill("SIGNOPE"));
            assertTrue(refused.getMessage().contains("SIGTERM"), refused.getMessage());
            assertEquals(0, Native.kill(child.pid(), Signals.KILL));
        });
    }

    private void assertNoChannelsLeft() {
        loop.close();
        try (var dirs = Files.list(ChannelDirs.base())) {
            String mine = "loop-" + ProcessHandle.current().pid() + "-";
            assertEquals(List.of(), dirs.filter(d -> d.getFileName().toString().startsWith(mine)).toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void overwriteLong(Path file, long offset, long value) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value), offset);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
