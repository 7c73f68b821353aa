package dev.loop.value.shared.mapped;

import dev.loop.value.shared.SharedBuffer;
import java.util.Objects;
import java.util.function.Function;

/**
 * Makes {@link SharedBuffer}s over {@link CrossProcessMemory}; this package is exported to
 * loop-process only.
 *
 * <p><b>Thread safety:</b> any thread.
 */
public final class MappedBuffers {

    /** Set once by {@link SharedBuffer}'s class initialisation, which owns the constructor. */
    private static volatile Function<CrossProcessMemory, SharedBuffer> factory;

    private MappedBuffers() {
    }

    /**
     * A fixed-length buffer over {@code memory}: its length is the mapping's. Atomics on it work
     * across every process that maps the file, {@code wait} and {@code notify} included.
     *
     * @param memory the mapping
     * @return the buffer
     */
    public static SharedBuffer create(CrossProcessMemory memory) {
        Objects.requireNonNull(memory, "memory");
        if (factory == null) {
            try {
                Class.forName(SharedBuffer.class.getName(), true, SharedBuffer.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return factory.apply(memory);
    }

    /**
     * Called by {@link SharedBuffer} as it initialises.
     *
     * @param made makes a buffer over a mapping
     */
    public static void install(Function<CrossProcessMemory, SharedBuffer> made) {
        if (factory != null) {
            throw new IllegalStateException("installed already");
        }
        factory = made;
    }
}
