package dev.loop.process.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.loop.process.spi.IpcReader;
import dev.loop.process.spi.IpcWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-lived channel does not fill /dev/shm: the queues roll to a new file every five minutes,
 * and the reader deletes each file it has moved past (when Chronicle's background releaser lets
 * go of it). Chronicle's clock is virtual here.
 */
class ChronicleRollTest {

    @TempDir
    Path dir;
    private final SetTimeProvider clock = new SetTimeProvider(1_700_000_000_000L);

    @AfterEach
    void realClock() {
        ChronicleQueues.clock = SystemTimeProvider.INSTANCE;
    }

    @Test
    void filesTheReaderHasMovedPastAreDeleted() throws IOException {
        ChronicleQueues.clock = clock;
        ChronicleTransportProvider transport = new ChronicleTransportProvider();
        try (IpcWriter writer = transport.openWriter(dir, "q", 1 << 20); IpcReader reader = transport.openReader(dir, "q", 1 << 20)) {
            for (int cycle = 0; cycle < 4; cycle++) {
                for (int i = 0; i < 3; i++) {
                    writer.write(new byte[] {(byte) cycle, (byte) i});
                }
                clock.advanceMillis(TimeUnit.MINUTES.toMillis(6));
            }
            for (int cycle = 0; cycle < 4; cycle++) {
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(new byte[] {(byte) cycle, (byte) i}, reader.read());
                }
            }
            assertNull(reader.read());
            // Chronicle releases a file it has left on its background releaser thread: wait for it.
            BackgroundResourceReleaser.releasePendingResources();
            assertEquals(1, cycleFiles().size(), () -> "only the cycle being read is left: " + cycleFiles());
        }
    }

    private List<String> cycleFiles() {
        try (var files = Files.list(dir.resolve("q"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
