package dev.loop.process.chronicle;

import java.io.IOException;
import java.nio.file.Path;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/** Opens the queues of a channel, the same way on both sides. */
final class ChronicleQueues {

    /** The smallest block: Chronicle refuses an excerpt longer than a quarter of it. */
    private static final long MIN_BLOCK = 16L << 20;

    static {
        // Before any Chronicle class loads: no banner, no analytics, no disk-monitor thread.
        ChronicleTransportProvider.PROPERTIES.forEach(property -> {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        });
        // Chronicle logs through SLF4J. With no SLF4J provider on the class path, SLF4J would print
        // a warning into the user's stderr; name its no-op provider instead. A real one is kept.
        if (System.getProperty("slf4j.provider") == null
                && java.util.ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class).findFirst().isEmpty()) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN"); // or it says so at INFO
            }
        }
    }

    private ChronicleQueues() {
    }

    /** The clock the queues roll by; tests set a virtual one. */
    static volatile TimeProvider clock = SystemTimeProvider.INSTANCE;

    /**
     * Opens a queue. Both ends roll to a new file every five minutes; the reader's
     * {@code released} listener hears of each file it has left behind, so that it can delete it:
     * Chronicle deletes nothing, and a long-lived child's queue would otherwise fill
     * {@code /dev/shm}.
     */
    static SingleChronicleQueue open(Path path, long capacityBytes, StoreFileListener released) throws IOException {
        try {
            SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(path)
                    .rollCycle(RollCycles.FIVE_MINUTELY)
                    .timeProvider(clock)
                    .storeFileListener(released)
                    .blockSize(Math.max(MIN_BLOCK, capacityBytes))
                    // A writer killed inside a document leaves it locked; the next writer waits this
                    // long before taking over. Channels never reuse a dead writer's queue, so short.
                    .timeoutMS(500)
                    .build();
            // A queue that silently became read-only (a missing --add-exports) fails here, at once.
            try (DocumentContext hello = queue.createAppender().writingDocument(true)) {
                hello.wire().write("hello").text("loop-process");
            }
            return queue;
        } catch (RuntimeException | Error e) {
            throw new IOException("could not open the Chronicle queue " + path + ": " + e, e);
        }
    }

    static int maxMessageBytes(long capacityBytes) {
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(MIN_BLOCK, capacityBytes) / 4 - 64);
    }
}
