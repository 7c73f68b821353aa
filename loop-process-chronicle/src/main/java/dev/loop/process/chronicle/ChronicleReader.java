package dev.loop.process.chronicle;

import dev.loop.process.spi.IpcReader;
import java.io.IOException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads the queue's data documents in order; metadata (the hello documents) is skipped. Each file
 * (one per five-minute cycle) is deleted once the reader has moved past it: only the reader knows
 * that nobody needs it again.
 */
final class ChronicleReader implements IpcReader {

    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;

    private ChronicleReader(SingleChronicleQueue queue) {
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    static ChronicleReader open(java.nio.file.Path path, long capacityBytes) throws IOException {
        ChronicleReader[] reader = new ChronicleReader[1];
        // A file released with a newer one acquired has been read to its end: delete it. Closing
        // releases the newest file too, which must stay (the writer may still append to it).
        int[] newest = {Integer.MIN_VALUE};
        StoreFileListener released = new StoreFileListener() {
            @Override
            public void onAcquired(int cycle, java.io.File file) {
                synchronized (newest) {
                    newest[0] = Math.max(newest[0], cycle);
                }
            }

            @Override
            public void onReleased(int cycle, java.io.File file) {
                boolean read;
                synchronized (newest) {
                    read = cycle < newest[0];
                }
                ChronicleReader self = reader[0];
                if (read && self != null && !self.closing && !file.delete() && file.exists()) {
                    System.getLogger(ChronicleReader.class.getName()).log(System.Logger.Level.WARNING,
                            "could not delete the read Chronicle file " + file);
                }
            }
        };
        reader[0] = new ChronicleReader(ChronicleQueues.open(path, capacityBytes, released));
        return reader[0];
    }

    private volatile boolean closing;

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
        closing = true;
        tailer.close();
        queue.close();
    }
}
