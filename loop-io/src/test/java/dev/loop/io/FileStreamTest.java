package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** File streams: chunks, back pressure from a slower writer, the end, and errors. */
class FileStreamTest extends FileTestFixture {

    /** A paused stream delivers nothing until resumed (it reads one chunk ahead and holds it), then the rest in order. */
    @Test
    void aPausedReadStreamDeliversNothingUntilResumed() throws Exception {
        Path source = dir.resolve("source.bin");
        byte[] data = new byte[3 * Fs.STREAM_CHUNK + 10];
        new Random(3).nextBytes(data);
        Files.write(source, data);
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        List<String> log = new ArrayList<>();
        loop.run(() -> {
            FileReadStream in = fs.createReadStream(source);
            int[] chunks = {0};
            in.onData(chunk -> {
                received.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
                if (++chunks[0] == 1) {
                    in.pause();
                    loop.setTimeout(() -> {
                        log.add("chunks while paused: " + (chunks[0] - 1));
                        in.resume();
                    }, 20);
                }
            }).onEnd(() -> log.add("end after " + chunks[0]));
        });
        assertEquals(List.of("chunks while paused: 0", "end after 4"), log);
        assertArrayEquals(data, received.toByteArray());
    }

    /** As Node's flowing stream: once started, it reads to the end and closes its file with no listener left. */
    @Test
    void aReadStreamWhoseLastListenerGoesReadsToTheEndAndClosesItsFile() throws Exception {
        Path source = dir.resolve("source.bin");
        Files.write(source, new byte[4 * Fs.STREAM_CHUNK]);
        List<String> log = new ArrayList<>();
        loop.run(() -> fs.createReadStream(source)
                .onEnd(() -> log.add("end"))
                .onClose(() -> log.add("closed"))
                .once(FileReadStream.DATA, chunk -> log.add("one chunk of " + chunk.remaining())));
        assertEquals(List.of("one chunk of " + Fs.STREAM_CHUNK, "end", "closed"), log);
    }

    @Test
    void aReadStreamPipedIntoAWriteStreamCopiesTheFileWithBackPressure() throws Exception {
        Path source = dir.resolve("source.bin");
        Path target = dir.resolve("target.bin");
        byte[] data = new byte[5 * Fs.STREAM_CHUNK + 123];
        new Random(5).nextBytes(data);
        Files.write(source, data);
        List<String> log = new ArrayList<>();
        int[] chunks = {0};
        int[] pauses = {0};
        loop.run(() -> {
            FileWriteStream out = fs.createWriteStream(target, 16 * 1024); // smaller than a chunk: always pushes back
            FileReadStream in = fs.createReadStream(source);
            out.onDrain(in::resume).onFinish(() -> log.add("finished"));
            in.onData(chunk -> {
                chunks[0]++;
                if (!out.write(chunk)) {
                    pauses[0]++;
                    in.pause();
                }
            }).onEnd(() -> {
                log.add("end");
                out.end();
            }).onClose(() -> log.add("read side closed"));
        });
        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals(6, chunks[0]);
        assertTrue(pauses[0] > 0, "back pressure never applied");
        // The read side's close and the write side's finish race on the pool; the end comes first.
        assertEquals("end", log.get(0));
        assertEquals(java.util.Set.of("end", "read side closed", "finished"), java.util.Set.copyOf(log));
        assertEquals(3, log.size(), log.toString());
    }

    @Test
    void aMissingFileIsAnErrorThenClose() {
        List<String> log = new ArrayList<>();
        loop.run(() -> fs.createReadStream(dir.resolve("missing"))
                .onError(error -> log.add(((ErrnoException) assertInstanceOf(NoSuchFileOrDirectoryException.class, error)).code()))
                .onClose(() -> log.add("closed"))
                .onData(chunk -> log.add("data?")));
        assertEquals(List.of("ENOENT", "closed"), log);
    }

    @Test
    void aWriteAfterEndIsAnError() throws Exception {
        Path target = dir.resolve("t");
        List<String> log = new ArrayList<>();
        loop.run(() -> {
            FileWriteStream out = fs.createWriteStream(target);
            out.onError(error -> log.add(((ErrnoException) error).code())).onFinish(() -> log.add("finished"));
            out.write(ByteBuffer.wrap(new byte[] {1, 2}));
            out.end();
            out.write(ByteBuffer.wrap(new byte[] {3}));
        });
        assertEquals(List.of("ERR_STREAM_WRITE_AFTER_END", "finished"), log);
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(target));
    }
}
