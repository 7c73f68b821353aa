package dev.loop.process;

import static dev.loop.process.ForkTest.child;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loop.api.EventLoop;
import dev.loop.process.launch.ChannelDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full {@code /dev/shm}: the channel's files are reserved when they are made, so fork fails at
 * once with an error that says what to do, instead of a {@code SIGBUS} on a later write; nothing
 * is left behind. The channels go to a 64 KiB tmpfs mounted for the test (root only).
 */
class ShmFullTest {

    @TempDir
    Path dir;
    private Path small;

    @BeforeEach
    void mountASmallTmpfs() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(id.waitFor() == 0 && uid.equals("0"), "mounting a small tmpfs needs root; running as uid " + uid);
        Path target = Files.createDirectory(dir.resolve("shm"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", target.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(mount.waitFor() == 0, () -> "mount -t tmpfs failed, so a full /dev/shm cannot be made here: " + output);
        small = target;
        System.setProperty(ChannelDirs.DIRECTORY_PROPERTY, small.toString());
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        System.clearProperty(ChannelDirs.DIRECTORY_PROPERTY);
        if (small != null) {
            assertEquals(0, new ProcessBuilder("umount", small.toString()).start().waitFor());
        }
    }

    @Test
    void forkOnAFullShmFailsAtOnceSayingWhatToDoAndLeavesNothing() throws IOException {
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> Processes.fork(child("EchoChild")));
                assertTrue(refused.getMessage().contains("no space left in " + small), refused.getMessage());
                assertTrue(refused.getMessage().contains("withQueueCapacity"), refused.getMessage());
            });
        }
        try (var left = Files.list(small)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aQueueThatFitsStillWorksThere() {
        List<Object> echoed = new java.util.ArrayList<>();
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ChildProcess child = Processes.fork(child("EchoChild").withQueueCapacity(16 * 1024));
                child.onMessage(m -> {
                    echoed.add(m);
                    child.disconnect();
                });
                child.send("fits");
            });
        }
        assertEquals(List.of("fits"), echoed);
    }
}
