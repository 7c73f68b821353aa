package dev.loop.process.chronicle;

import dev.loop.process.spi.IpcWriter;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends each message as one document: its length (an int), then its bytes. Chronicle is a log, not a bounded queue: a write always
 * succeeds, and back pressure comes from the process module's high-water mark.
 */
final class ChronicleWriter implements IpcWriter {

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final int maxMessageBytes;

    ChronicleWriter(SingleChronicleQueue queue) {
        this.queue = queue;
        this.appender = queue.createAppender();
        this.maxMessageBytes = ChronicleQueues.maxMessageBytes(queue.blockSize());
    }

    @Override
    public boolean write(byte[] message) {
        if (message.length > maxMessageBytes) {
            throw new IllegalArgumentException("a message of " + message.length + " bytes is longer than this Chronicle queue takes, "
                    + maxMessageBytes + " bytes");
        }
        // The length first: Chronicle pads a document (an empty one reads back as one byte).
        try (DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().writeInt(message.length).write(message);
        }
        return true;
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public void close() {
        appender.close();
        queue.close();
    }
}
