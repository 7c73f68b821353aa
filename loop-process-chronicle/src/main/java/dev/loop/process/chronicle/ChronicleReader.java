package dev.loop.process.chronicle;

import dev.loop.process.spi.IpcReader;
import java.io.IOException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** Reads the queue's data documents in order; metadata (the hello documents) is skipped. */
final class ChronicleReader implements IpcReader {

    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;

    ChronicleReader(SingleChronicleQueue queue) {
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    @Override
    public byte[] read() throws IOException {
        try (DocumentContext document = tailer.readingDocument()) {
            if (!document.isPresent()) {
                return null;
            }
            Bytes<?> bytes = document.wire().bytes();
            long remaining = bytes.readRemaining();
            int length = remaining >= 4 ? bytes.readInt() : -1;
            if (length < 0 || length > remaining - 4) {
                throw new IOException("corrupted Chronicle queue " + queue.fileAbsolutePath() + ": a document of "
                        + remaining + " bytes says it holds a message of " + length);
            }
            byte[] message = new byte[length];
            bytes.read(message);
            return message;
        } catch (RuntimeException e) {
            throw new IOException("corrupted Chronicle queue " + queue.fileAbsolutePath() + ": " + e, e);
        }
    }

    @Override
    public boolean hasNext() {
        try (DocumentContext document = tailer.readingDocument()) {
            boolean present = document.isPresent();
            if (present) {
                document.rollbackOnClose(); // only looked: read() takes it
            }
            return present;
        }
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
