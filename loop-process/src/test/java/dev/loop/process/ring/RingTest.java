package dev.loop.process.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.process.spi.IpcReader;
import dev.loop.process.spi.IpcWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ring's own properties: its records across wrap-arounds, its bound, and its checks of a
 * corrupted file. What every transport must do (two threads at full speed, a forked child) is
 * loop-tck's IpcTransportConformance, which the ring passes there.
 */
class RingTest {

    private final RingTransportProvider transport = new RingTransportProvider();

    @TempDir
    Path dir;

    @Test
    void messagesComeOutWholeAndInOrderAcrossManyWrapArounds() throws IOException {
        try (IpcWriter writer = transport.openWriter(dir, "q", 4096); IpcReader reader = transport.openReader(dir, "q", 4096)) {
            Random random = new Random(7);
            ArrayDeque<byte[]> inFlight = new ArrayDeque<>();
            int written = 0;
            int read = 0;
            while (read < 20_000) {
                if (written < 20_000 && random.nextBoolean()) {
                    byte[] message = new byte[random.nextInt(writer.maxMessageBytes() + 1)];
                    random.nextBytes(message);
                    if (writer.write(message)) {
                        inFlight.add(message);
                        written++;
                    } else {
                        assertFalse(inFlight.isEmpty(), "a message that fits an empty ring is refused only while the ring holds others");
                    }
                } else {
                    byte[] message = reader.read();
                    if (message == null) {
                        assertTrue(inFlight.isEmpty());
                        assertFalse(reader.hasNext());
                    } else {
                        assertArrayEquals(inFlight.poll(), message);
                        read++;
                    }
                }
            }
            assertNull(reader.read());
        }
    }

    @Test
    void aFullRingRefusesUntilTheReaderFreesSpace() throws IOException {
        try (IpcWriter writer = transport.openWriter(dir, "q", 4096); IpcReader reader = transport.openReader(dir, "q", 4096)) {
            byte[] message = new byte[1000];
            int accepted = 0;
            while (writer.write(message)) {
                accepted++;
            }
            assertEquals(4, accepted, "four records of 1008 bytes fit 4096");
            assertTrue(reader.hasNext());
            reader.read();
            assertTrue(writer.write(message));
            assertFalse(writer.write(message));
        }
    }

    @Test
    void aMessageLongerThanTheRingTakesIsRefusedWithTheLimit() throws IOException {
        try (IpcWriter writer = transport.openWriter(dir, "q", 4096)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> writer.write(new byte[writer.maxMessageBytes() + 1]));
            assertTrue(refused.getMessage().contains(Integer.toString(writer.maxMessageBytes())));
        }
    }

    @Test
    void aFileThatIsNotARingOfThisCapacityIsRefused() throws IOException {
        transport.openWriter(dir, "q", 8192).close();
        IOException wrongSize = assertThrows(IOException.class, () -> transport.openReader(dir, "q", 4096));
        assertTrue(wrongSize.getMessage().contains("corrupted or from another version"), wrongSize.getMessage());
        overwriteInt(dir.resolve("q.ring"), 0, 0x12345678);
        IOException wrongMagic = assertThrows(IOException.class, () -> transport.openReader(dir, "q", 8192));
        assertTrue(wrongMagic.getMessage().contains("magic 12345678"), wrongMagic.getMessage());
    }

    @Test
    void aCorruptedRecordIsAnErrorNeverAHangOrAnAllocationOfGarbageSize() throws IOException {
        try (IpcWriter writer = transport.openWriter(dir, "q", 4096); IpcReader reader = transport.openReader(dir, "q", 4096)) {
            assertTrue(writer.write(new byte[10]));
            overwriteInt(dir.resolve("q.ring"), (int) Ring.DATA, Integer.MAX_VALUE - 3); // the record's length
            IOException corrupted = assertThrows(IOException.class, reader::read);
            assertTrue(corrupted.getMessage().startsWith("corrupted IPC ring"), corrupted.getMessage());
        }
    }

    private static void overwriteInt(Path file, long offset, int value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(0, value), offset);
        }
        assertTrue(Files.exists(file));
    }
}
