package dev.loop.process.shared;

import dev.loop.value.ValueCodec;
import dev.loop.value.shared.SharedBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Sends a file-backed {@link SharedBuffer} to another process as its file and length; the
 * receiver maps the same file, so both see the same memory. A buffer of one process only never
 * reaches this codec: the encoder refuses it first.
 *
 * <p><b>Thread safety:</b> stateless.
 */
public final class SharedBufferCodec implements ValueCodec<SharedBuffer> {

    /** Found by {@link java.util.ServiceLoader}. */
    public SharedBufferCodec() {
    }

    @Override
    public Class<SharedBuffer> type() {
        return SharedBuffer.class;
    }

    @Override
    public String name() {
        return "dev.loop.process.SharedBuffer/1";
    }

    @Override
    public Object toStructured(SharedBuffer value) {
        Path file = value.file().orElseThrow(() -> new IllegalArgumentException(value + " has no file"));
        return List.of(file.toString(), value.byteLength());
    }

    @Override
    public SharedBuffer fromStructured(Object structured) {
        List<?> parts = (List<?>) structured;
        return SharedBufferFiles.map(Path.of((String) parts.get(0)), ((Number) parts.get(1)).longValue());
    }
}
