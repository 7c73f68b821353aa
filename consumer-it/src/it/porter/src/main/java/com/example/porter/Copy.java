package com.example.porter;

import dev.loop.api.AbortSignal;
import dev.loop.api.Promise;
import dev.loop.io.Io;
import dev.loop.io.Streams;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A file copy through a transform, as Node's {@code stream.pipeline}:
 * <pre>{@code
 * await pipeline(fs.createReadStream(from), upperCase, fs.createWriteStream(to),
 *                { signal: AbortSignal.timeout(10_000) });
 * }</pre>
 */
public final class Copy {

    private Copy() {
    }

    /**
     * Copies {@code from} to {@code to}, upper-casing ASCII letters; call on {@code io}'s loop.
     *
     * @param io the loop with its I/O
     * @param from the source file
     * @param to the target file, created or truncated
     * @return settled when the target is written and closed
     */
    public static Promise<Void> upperCase(Io io, Path from, Path to) {
        return Streams.pipeline(io.fs().createReadStream(from),
                List.of(Streams.transform(Copy::upper)),
                io.fs().createWriteStream(to),
                AbortSignal.timeout(Duration.ofSeconds(10)));
    }

    /**
     * Copies {@code from} to {@code to} unchanged; call on {@code io}'s loop.
     *
     * @param io the loop with its I/O
     * @param from the source file
     * @param to the target file, created or truncated
     * @return settled when the target is written and closed
     */
    public static Promise<Void> plain(Io io, Path from, Path to) {
        return Streams.pipeline(io.fs().createReadStream(from), io.fs().createWriteStream(to));
    }

    private static ByteBuffer upper(ByteBuffer chunk) {
        ByteBuffer out = ByteBuffer.allocate(chunk.remaining());
        while (chunk.hasRemaining()) {
            byte b = chunk.get();
            out.put(b >= 'a' && b <= 'z' ? (byte) (b - 32) : b);
        }
        return out.flip();
    }
}
