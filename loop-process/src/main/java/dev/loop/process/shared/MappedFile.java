package dev.loop.process.shared;

import dev.loop.process.os.Native;
import dev.loop.value.shared.mapped.CrossProcessMemory;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A file in shared memory mapped into this process, as a {@link dev.loop.value.shared.SharedBuffer}
 * sees it: the mapping (unmapped when the buffer and its views are unreachable) and the
 * process-shared futex calls on its words.
 *
 * @param memory the buffer's bytes
 * @param sleepers the table of sleepers after them, in the same file
 * @param file the file
 */
record MappedFile(MemorySegment memory, MemorySegment sleepers, Path file) implements CrossProcessMemory {

    @Override
    public int futexWait(MemorySegment word, int expected, long timeoutNanos) {
        return Native.futexWait(word, expected, timeoutNanos);
    }

    @Override
    public int futexWake(MemorySegment word, int count) {
        return Native.futexWake(word, count);
    }
}
