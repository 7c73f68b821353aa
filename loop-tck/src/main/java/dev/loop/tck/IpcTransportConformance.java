package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.Processes;
import dev.loop.process.spi.IpcReader;
import dev.loop.process.spi.IpcTransportProvider;
import dev.loop.process.spi.IpcWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every process transport ({@link IpcTransportProvider}) must do: carry whole messages, in
 * order, from one writer thread to one reader thread, say truthfully whether one is waiting, refuse
 * what is too long, and carry a forked child's messages both ways. Extend it with one method that
 * returns the transport:
 *
 * <pre>{@code
 * class MyTransportConformanceTest extends IpcTransportConformance {
 *     protected IpcTransportProvider transport() {
 *         return new MyTransportProvider(); // or installed("my-transport")
 *     }
 * }
 * }</pre>
 *
 * The test JVM needs the transport's own flags, and {@code --enable-native-access} for
 * {@code dev.loop.process} (or {@code ALL-UNNAMED} on the class path).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class IpcTransportConformance {

    /** The capacity the suite's queues are opened with. */
    protected static final long CAPACITY = 1L << 20;

    /** A fresh directory per test, as a channel has. */
    @TempDir
    protected Path directory;

    /** For subclasses. */
    protected IpcTransportConformance() {
    }

    /**
     * The transport under test.
     *
     * @return a provider
     */
    protected abstract IpcTransportProvider transport();

    /**
     * The installed transport named {@code name}, found as {@code ForkOptions.withTransport} finds
     * it: for a transport whose provider class is not exported.
     *
     * @param name the transport's name
     * @return its provider
     * @throws IllegalArgumentException if none is installed under that name
     */
    protected static IpcTransportProvider installed(String name) {
        return java.util.ServiceLoader.load(IpcTransportProvider.class).stream()
                .map(java.util.ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no IPC transport named '" + name + "' is installed"));
    }

    @Test
    void messagesOfEverySizeArriveWholeAndInOrder() throws IOException {
        try (IpcWriter writer = transport().openWriter(directory, "q", CAPACITY);
             IpcReader reader = transport().openReader(directory, "q", CAPACITY)) {
            List<byte[]> sent = new ArrayList<>();
            for (int length : new int[] {0, 1, 7, 8, 9, 1000, 65_536, writer.maxMessageBytes()}) {
                byte[] message = new byte[length];
                for (int i = 0; i < length; i++) {
                    message[i] = (byte) (i * 31 + length);
                }
                assertTrue(writer.write(message), "an empty queue takes a message of " + length + " bytes");
                sent.add(message);
                byte[] read = reader.read();
                assertArrayEquals(message, read, "a message of " + length + " bytes");
            }
            assertNull(reader.read(), "no message is read twice");
        }
    }

    @Test
    void hasNextSaysWhetherReadWouldReturnAMessage() throws IOException {
        try (IpcReader reader = transport().openReader(directory, "q", CAPACITY);
             IpcWriter writer = transport().openWriter(directory, "q", CAPACITY)) {
            assertFalse(reader.hasNext());
            assertNull(reader.read());
            assertTrue(writer.write(new byte[] {1, 2, 3}));
            assertTrue(reader.hasNext());
            assertTrue(reader.hasNext(), "looking does not take it");
            assertArrayEquals(new byte[] {1, 2, 3}, reader.read());
            assertFalse(reader.hasNext());
        }
    }

    @Test
    void aMessageLongerThanTheLimitIsRefusedNotCut() throws IOException {
        try (IpcWriter writer = transport().openWriter(directory, "q", CAPACITY);
             IpcReader reader = transport().openReader(directory, "q", CAPACITY)) {
            assertTrue(writer.maxMessageBytes() > 0);
            assertThrows(IllegalArgumentException.class, () -> writer.write(new byte[writer.maxMessageBytes() + 1]));
            assertNull(reader.read());
        }
    }

    /**
     * A writer thread and a reader thread, 300,000 messages of varying length with their sequence
     * numbers: every one arrives once, in order, intact. A bounded transport may refuse a write
     * while it is full; the writer retries.
     */
    @Test
    void twoThreadsLoseDuplicateAndTearNothing() throws Exception {
        int count = 300_000;
        try (IpcWriter writer = transport().openWriter(directory, "q", CAPACITY);
             IpcReader reader = transport().openReader(directory, "q", CAPACITY)) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread producer = Thread.ofPlatform().name("conformance-writer").start(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        byte[] message = new byte[9 + i % 61];
                        ByteBuffer.wrap(message).putInt(i).putInt(~i);
                        message[message.length - 1] = (byte) i;
                        while (!writer.write(message)) {
                            Thread.onSpinWait();
                        }
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            int next = 0;
            while (next < count && (failed.get() == null || reader.hasNext())) {
                byte[] message = reader.read();
                if (message == null) {
                    Thread.onSpinWait();
                    continue;
                }
                ByteBuffer buffer = ByteBuffer.wrap(message);
                assertEquals(9 + next % 61, message.length, "length of message " + next);
                assertEquals(next, buffer.getInt(), "sequence");
                assertEquals(~next, buffer.getInt(), "payload of message " + next);
                assertEquals((byte) next, message[message.length - 1], "last byte of message " + next);
                next++;
            }
            producer.join();
            assertNull(failed.get());
            assertEquals(count, next);
            assertNull(reader.read());
        }
    }

    /** A forked child on this transport echoes 5,000 messages in order, and exits when disconnected. */
    @Test
    void aForkedChildTalksOverIt() {
        List<Object> echoed = new ArrayList<>();
        List<String> events = new ArrayList<>();
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ChildProcess child = Processes.fork(ForkOptions.of(TransportEchoChild.class).withTransport(transport().name()));
                child.onMessage(m -> {
                    echoed.add(m);
                    if (echoed.size() == 5_000) {
                        child.disconnect();
                    }
                });
                child.onExit(status -> events.add("exit " + status));
                for (int i = 0; i < 4_999; i++) {
                    child.send(i);
                }
                child.send(Map.of("last", List.of("one")));
            });
        }
        for (int i = 0; i < 4_999; i++) {
            assertEquals(i, echoed.get(i));
        }
        assertEquals(Map.of("last", List.of("one")), echoed.get(4_999));
        assertEquals(List.of("exit exit code 0"), events);
    }
}
