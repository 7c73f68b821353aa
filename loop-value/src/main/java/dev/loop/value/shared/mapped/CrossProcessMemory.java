package dev.loop.value.shared.mapped;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Memory that other processes map too: a file-backed {@code MAP_SHARED} mapping, and the futex
 * calls on words in it that sleep and wake across processes. loop-process implements it; a
 * {@link dev.loop.value.shared.SharedBuffer} over it can be sent to a forked child, whose copy
 * maps the same file.
 *
 * <p><b>Thread safety:</b> any thread.
 */
public interface CrossProcessMemory {

    /**
     * The mapped bytes.
     *
     * @return the mapping, 8-byte aligned
     */
    MemorySegment memory();

    /**
     * A table of ints beside the buffer's bytes, in the same file, that every process's waiters
     * count themselves in while they sleep: a notify that finds its entry at 0 skips the system
     * call. Entries are chosen by the waited element's offset, so several elements may share one.
     *
     * @return the table, 4-byte aligned, a power-of-two number of ints
     */
    MemorySegment sleepers();

    /**
     * The file other processes map.
     *
     * @return its path
     */
    Path file();

    /**
     * Sleeps while the 4-byte {@code word} holds {@code expected}, until a {@link #futexWake} on it
     * in any process, or the timeout: {@code FUTEX_WAIT} without {@code FUTEX_PRIVATE_FLAG}.
     *
     * @param word an aligned int in {@link #memory()}
     * @param expected the value seen before deciding to sleep
     * @param timeoutNanos the longest sleep, above 0
     * @return 0 when woken, {@code -EAGAIN} (-11) if the word held another value,
     *     {@code -ETIMEDOUT} (-110), or {@code -EINTR} (-4)
     */
    int futexWait(MemorySegment word, int expected, long timeoutNanos);

    /**
     * Wakes up to {@code count} sleepers on {@code word}, in every process.
     *
     * @param word the int they sleep on
     * @param count how many at most
     * @return how many were woken
     */
    int futexWake(MemorySegment word, int count);
}
