package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.AbortController;
import dev.loop.api.AbortError;
import dev.loop.api.Promise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Node's stream.pipeline on the library's streams: back pressure end to end, the first error
 * destroys both streams and settles the promise once, and file descriptors are back to the
 * baseline after every path (ResourceBaseline checks /proc/self/fd after each test).
 */
@ExtendWith(ResourceBaseline.class)
class PipelineTest extends FileTestFixture {

    private Throwable outcome(Supplier<Promise<Void>> start) {
        Throwable[] error = new Throwable[1];
        boolean[] fulfilled = {false};
        loop.run(() -> start.get().then(v -> fulfilled[0] = true, e -> {
            error[0] = e;
            return false;
        }));
        assertTrue(fulfilled[0] || error[0] != null, "the pipeline's promise settled");
        return error[0];
    }

    /** Writes {@code size} random bytes from {@code seed} to {@code file}, and returns them. */
    private static byte[] randomFile(Path file, int size, long seed) throws java.io.IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.write(file, data);
        return data;
    }

    @Test
    void aFileIsCopiedWithBackPressure() throws Exception {
        Path source = dir.resolve("source.bin");
        Path target = dir.resolve("target.bin");
        byte[] data = randomFile(source, 3 << 20, 1);
        assertEquals(null, outcome(() -> Streams.pipeline(fs.createReadStream(source),
                fs.createWriteStream(target, 16 * 1024)))); // smaller than a chunk: always pushes back
        assertArrayEquals(data, Files.readAllBytes(target));
    }

    /** A file-to-file link reads into buffers it gets back once written: a copy makes a few, not one per chunk. */
    @Test
    void aFileToFileLinkReusesItsChunkBuffers() throws Exception {
        Path source = dir.resolve("source.bin");
        Path target = dir.resolve("target.bin");
        byte[] data = randomFile(source, 16 << 20, 2); // 256 chunks
        assertEquals(null, outcome(() -> Streams.pipeline(fs.createReadStream(source), fs.createWriteStream(target))));
        assertArrayEquals(data, Files.readAllBytes(target));
        assertTrue(fs.chunkPool().created() <= 4, "buffers made: " + fs.chunkPool().created());
    }

    /**
     * A listener added while the pipeline runs may keep its chunks (Node's rule), so from then on
     * none is given back for reuse: what it kept still holds the bytes read into it.
     */
    @Test
    void chunksAnotherListenerSeesAreNeverReused() throws Exception {
        Path source = dir.resolve("source.bin");
        Path target = dir.resolve("target.bin");
        byte[] data = randomFile(source, 8 << 20, 3);
        java.util.List<java.nio.ByteBuffer> kept = new java.util.ArrayList<>();
        boolean[] allHeap = {true};
        assertEquals(null, outcome(() -> {
            FileReadStream in = fs.createReadStream(source);
            FileWriteStream out = fs.createWriteStream(target);
            int[] drains = {0};
            out.on(Streams.DRAIN, () -> {
                if (++drains[0] == 4) {
                    in.on(Streams.DATA, chunk -> { // some chunks into the copy
                        allHeap[0] &= chunk.hasArray(); // a fresh heap buffer, as every listener of ours gets
                        kept.add(chunk);
                    });
                }
            });
            return Streams.pipeline(in, out);
        }));
        assertArrayEquals(data, Files.readAllBytes(target));
        assertTrue(allHeap[0], "a pooled direct buffer reached a listener of the user's");
        int length = kept.stream().mapToInt(java.nio.ByteBuffer::remaining).sum();
        assertTrue(length > 0 && length < data.length, "kept " + length + " bytes: the listener came mid-way");
        byte[] tail = new byte[length];
        int at = 0;
        for (java.nio.ByteBuffer chunk : kept) {
            int n = chunk.remaining(); // the link wrote a view: the listener's own cursor is untouched
            chunk.get(chunk.position(), tail, at, n);
            at += n;
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(data, data.length - length, data.length), tail,
                "every kept chunk still holds what was read into it");
    }

    /** Two stages between: every byte mapped, in order, with each link's back pressure. */
    @Test
    void transformsMapEveryChunkInOrder() throws Exception {
        Path source = dir.resolve("source.txt");
        Path target = dir.resolve("target.txt");
        String text = "the quick brown fox jumps over the lazy dog\n".repeat(40_000); // 1.7 MiB, many chunks
        Files.writeString(source, text);
        long[] counted = {0};
        assertEquals(null, outcome(() -> Streams.pipeline(fs.createReadStream(source), java.util.List.of(
                Streams.transform(chunk -> {
                    byte[] upper = new byte[chunk.remaining()];
                    for (int i = 0; i < upper.length; i++) {
                        upper[i] = (byte) Character.toUpperCase(chunk.get(chunk.position() + i));
                    }
                    return java.nio.ByteBuffer.wrap(upper);
                }),
                Streams.transform(chunk -> {
                    counted[0] += chunk.remaining();
                    return chunk;
                })), fs.createWriteStream(target, 16 * 1024), null)));
        assertEquals(text.toUpperCase(java.util.Locale.ROOT), Files.readString(target));
        assertEquals(text.length(), counted[0]);
    }

    /** Node's contract: an error in a middle stage destroys every stream and rejects once, with it. */
    @Test
    void anErrorInAMiddleStageDestroysEveryStream() throws Exception {
        Path source = dir.resolve("source.bin");
        Files.write(source, new byte[8 << 20]);
        IllegalStateException broken = new IllegalStateException("the third chunk is bad");
        int[] chunks = {0};
        Throwable error = outcome(() -> Streams.pipeline(fs.createReadStream(source), java.util.List.of(
                Streams.transform(chunk -> {
                    if (++chunks[0] == 3) {
                        throw broken;
                    }
                    return chunk;
                })), fs.createWriteStream(dir.resolve("target.bin")), null));
        assertEquals(broken, error);
    }

    /** A destination destroyed from outside mid-way settles the pipeline (a premature close), and the source is closed. */
    @Test
    void aDestinationDestroyedFromOutsideIsAPrematureClose() throws Exception {
        Path source = dir.resolve("source.bin");
        Files.write(source, new byte[8 << 20]);
        Throwable error = outcome(() -> {
            FileWriteStream out = fs.createWriteStream(dir.resolve("target.bin"), 16 * 1024);
            FileReadStream in = fs.createReadStream(source);
            in.once(Streams.DATA, chunk -> loop.setTimeout(out::destroy, 5));
            return Streams.pipeline(in, out);
        });
        // Node reports either, by timing: the close came first, or a chunk was written to the destroyed stream
        String code = assertInstanceOf(ErrnoException.class, error).code();
        assertTrue(code.equals("ERR_STREAM_PREMATURE_CLOSE") || code.equals("ERR_STREAM_DESTROYED"), code);
    }

    /** A socket whose peer ends it before the file is sent finishes early: a premature close, and the file is closed. */
    @Test
    void aSocketEndedByItsPeerBeforeTheDataEndsIsAPrematureClose() throws Exception {
        Path source = dir.resolve("source.bin");
        Files.write(source, new byte[32 << 20]);
        Throwable[] error = new Throwable[1];
        loop.run(() -> {
            Server server = io.net().createServer(socket -> socket.end()); // reads nothing, ends at once
            server.listen(0, "127.0.0.1").thenAccept(address -> {
                Socket client = io.net().connect(address.getPort(), "127.0.0.1");
                Streams.pipeline(fs.createReadStream(source), client).then(v -> null, e -> {
                    error[0] = e;
                    server.close();
                    return null;
                });
            });
        });
        assertInstanceOf(ErrnoException.class, error[0]);
    }

    @Test
    void aMissingSourceRejectsAndDestroysTheDestination() {
        Path target = dir.resolve("target.bin");
        Throwable error = outcome(() -> Streams.pipeline(fs.createReadStream(dir.resolve("missing")),
                fs.createWriteStream(target)));
        assertInstanceOf(NoSuchFileOrDirectoryException.class, error);
    }

    @Test
    void aFailingDestinationRejectsAndDestroysTheSource() throws Exception {
        Path source = dir.resolve("source.bin");
        Files.write(source, new byte[1 << 20]);
        Throwable error = outcome(() -> Streams.pipeline(fs.createReadStream(source),
                fs.createWriteStream(dir))); // a directory cannot be opened for writing
        assertInstanceOf(ErrnoException.class, error);
    }

    @Test
    void anAbortDestroysBothAndRejectsWithAnAbortError() throws Exception {
        Path source = dir.resolve("source.bin");
        Path target = dir.resolve("target.bin");
        Files.write(source, new byte[8 << 20]);
        AbortController controller = new AbortController();
        Throwable error = outcome(() -> {
            FileReadStream in = fs.createReadStream(source);
            in.once(Streams.DATA, chunk -> controller.abort("enough")); // after the first chunk
            return Streams.pipeline(in, fs.createWriteStream(target), controller.signal());
        });
        assertEquals("enough", assertInstanceOf(AbortError.class, error).reason());
        assertTrue(!Files.exists(target) || Files.size(target) < 8 << 20, "the copy stopped");
    }

    @Test
    void aFileIsPipedIntoASocket() throws Exception {
        Path source = dir.resolve("source.bin");
        byte[] data = new byte[2 << 20];
        new Random(2).nextBytes(data);
        Files.write(source, data);
        long[] received = {0};
        boolean[] finished = {false};
        loop.run(() -> {
            Server server = io.net().createServer(socket -> socket.onData(chunk -> received[0] += chunk.remaining()));
            server.listen(0, "127.0.0.1").thenAccept(address -> {
                Socket client = io.net().connect(address.getPort(), "127.0.0.1");
                Streams.pipeline(fs.createReadStream(source), client).thenAccept(v -> {
                    finished[0] = true;
                    server.close();
                });
            });
        });
        assertTrue(finished[0]);
        assertEquals(data.length, received[0]);
    }
}
