package dev.loop.process.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.Processes;
import dev.loop.tck.TransportEchoChild;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Chronicle as the default transport, and its refusal to run without Chronicle's flags (the suite is ChronicleTransportConformanceTest). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChronicleTransportTest {

    /** Chronicle keeps each queue in a directory of its own; the ring is one file per queue. */
    @Test
    void withThisJarOnTheClassPathChronicleIsTheDefault() throws Exception {
        List<String> queues = new ArrayList<>();
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ChildProcess child = Processes.fork(ForkOptions.of(TransportEchoChild.class.getName()));
                child.onMessage(m -> {
                    queues.addAll(channelFiles());
                    child.disconnect();
                });
                child.send("hello");
            });
        }
        assertEquals(List.of("control", "to-child/", "to-parent/"), queues);
        assertEquals(List.of(), channelFiles(), "the channel's directory is gone");
    }

    private static List<String> channelFiles() {
        try (Stream<Path> dirs = Files.list(Path.of("/dev/shm"))) {
            List<String> files = new ArrayList<>();
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("loop-" + ProcessHandle.current().pid() + "-")).toList()) {
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.map(e -> e.getFileName() + (Files.isDirectory(e) ? "/" : "")).sorted().forEach(files::add);
                }
            }
            return files;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void inThisJvmItsFlagsArePresent() {
        assertNull(new ChronicleTransportProvider().unavailabilityCause());
    }

    @Test
    void aJvmWithoutItsFlagsIsToldExactlyWhichToAdd() throws Exception {
        Process plain = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PrintCause.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, plain.waitFor());
        assertEquals("Chronicle Queue needs these JVM flags, which this JVM lacks: "
                + "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED "
                + "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED (add them to the java command line; "
                + "forked children get them from the launcher)", output);
        assertTrue(File.pathSeparator.length() == 1);
    }
}
