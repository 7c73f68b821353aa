package dev.loop.process.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.Processes;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Chronicle transport end to end, and its refusal to run without Chronicle's flags. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChronicleTransportTest {

    @Test
    void withThisJarOnTheClassPathChronicleIsTheDefaultAndCarriesMessagesBothWays() {
        List<Object> echoed = new ArrayList<>();
        List<String> events = new ArrayList<>();
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ChildProcess child = Processes.fork(ForkOptions.of(EchoChild.class.getName()));
                child.onMessage(m -> {
                    echoed.add(m);
                    if (echoed.size() == 10_000) {
                        child.disconnect();
                    }
                });
                child.onExit(status -> events.add("exit " + status));
                for (int i = 0; i < 9_999; i++) {
                    child.send(i);
                }
                child.send(Map.of("last", "one"));
            });
        }
        assertEquals(10_000, echoed.size());
        for (int i = 0; i < 9_999; i++) {
            assertEquals(i, echoed.get(i));
        }
        assertEquals(Map.of("last", "one"), echoed.get(9_999));
        assertEquals(List.of("exit exit code 0"), events);
        assertTrue(Path.of("/dev/shm").toFile().list((dir, name) -> name.startsWith("loop-" + ProcessHandle.current().pid() + "-")).length == 0);
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
