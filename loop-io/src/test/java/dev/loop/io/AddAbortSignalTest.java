package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.AbortController;
import dev.loop.api.AbortError;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Node's stream.addAbortSignal on the library's streams: an abort destroys the stream, whose error
 * listeners get the AbortError, then its close; file descriptors are back to the baseline after each.
 */
@ExtendWith(ResourceBaseline.class)
class AddAbortSignalTest extends FileTestFixture {

    @Test
    void anAbortMidWayDestroysAReadStreamWithAnAbortErrorThenClose() throws Exception {
        Path source = dir.resolve("source.bin");
        Files.write(source, new byte[4 << 20]);
        AbortController controller = new AbortController();
        List<Object> events = new ArrayList<>();
        loop.run(() -> {
            FileReadStream in = Streams.addAbortSignal(controller.signal(), fs.createReadStream(source));
            in.onData(chunk -> {
                if (events.isEmpty()) {
                    controller.abort("enough");
                }
                events.add("data");
            });
            in.onEnd(() -> events.add("end"));
            in.onError(events::add);
            in.onClose(() -> events.add("close"));
        });
        assertEquals("close", events.getLast());
        Object error = events.get(events.size() - 2);
        assertEquals("enough", assertInstanceOf(AbortError.class, error).reason());
        assertTrue(!events.contains("end"), "no end after the abort: " + events);
    }

    @Test
    void anAbortedWriteStreamReportsTheAbortAndRefusesWrites() {
        AbortController controller = new AbortController();
        List<Object> events = new ArrayList<>();
        loop.run(() -> {
            FileWriteStream out = Streams.addAbortSignal(controller.signal(), fs.createWriteStream(dir.resolve("out.bin")));
            out.onError(error -> events.add(error instanceof AbortError ? "abort" : ((ErrnoException) error).code()));
            out.on(Streams.CLOSE, () -> events.add("close"));
            out.write(ByteBuffer.allocate(10));
            controller.abort();
            out.write(ByteBuffer.allocate(10));
        });
        assertEquals(List.of("abort", "ERR_STREAM_DESTROYED", "close"), events);
    }

    /** As in Node, the error comes on the next tick: a listener added after the call still hears it. */
    @Test
    void aSignalAbortedAlreadyDestroysAtOnceAndReportsOnTheNextTick() throws Exception {
        Path source = dir.resolve("source.bin");
        Files.write(source, new byte[1024]);
        AbortController controller = new AbortController();
        controller.abort();
        List<Object> events = new ArrayList<>();
        loop.run(() -> {
            FileReadStream in = Streams.addAbortSignal(controller.signal(), fs.createReadStream(source));
            in.onError(error -> events.add(error.getClass().getSimpleName()));
            in.onClose(() -> events.add("close"));
            in.onData(chunk -> events.add("data"));
        });
        assertEquals(List.of("AbortError", "close"), events);
    }

    @Test
    void anAbortOnAnotherThreadIsHandedToTheLoop() throws Exception {
        Path source = dir.resolve("source.bin");
        Files.write(source, new byte[64 << 20]);
        AbortController controller = new AbortController();
        List<Object> events = new ArrayList<>();
        Thread[] aborter = new Thread[1];
        loop.run(() -> {
            FileReadStream in = Streams.addAbortSignal(controller.signal(), fs.createReadStream(source));
            in.onError(error -> events.add(error.getClass().getSimpleName() + " on " + Thread.currentThread().getName()));
            in.onClose(() -> events.add("close"));
            in.once(Streams.DATA, chunk -> {
                aborter[0] = Thread.ofPlatform().start(controller::abort);
            });
            in.onData(chunk -> { });
        });
        aborter[0].join();
        assertEquals(List.of("AbortError on " + Thread.currentThread().getName(), "close"), events);
    }

    @Test
    void somethingThatIsNotAStreamIsRefused() {
        loop.run(() -> assertThrows(IllegalArgumentException.class,
                () -> Streams.addAbortSignal(new AbortController().signal(), io.net().createServer(socket -> { }))));
    }
}
