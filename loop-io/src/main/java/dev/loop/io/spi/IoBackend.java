package dev.loop.io.spi;

import dev.loop.spi.Poller;

/**
 * One loop's I/O backend: its poller (the loop blocks in {@link #poll(long)} during the poll phase
 * and the backend runs completions there), and the operations it performs.
 *
 * <p>Operations are completion-style: each call starts an operation and returns at once; its
 * {@link Completion} runs later on the loop thread. The caller owns every buffer it passes until
 * that completion has run, and must not touch it in between; the backend owns it meanwhile and
 * keeps no reference afterwards. Every operation of the API goes through the backend, so a backend
 * can take each over: {@link IoBackendProvider#create} hands it an {@link IoBackendContext}, and
 * the file operations it does not do natively run on the loop's work pool through that context
 * ({@link FileIo}'s defaults).
 *
 * <p><b>Thread safety:</b> loop thread only, except {@link #wakeup()}, which any thread may call.
 */
public interface IoBackend extends Poller {

    /**
     * The provider's name.
     *
     * @return the name
     */
    String name();

    /**
     * File operations.
     *
     * @return this backend's file operations
     */
    FileIo files();

    /**
     * TCP operations.
     *
     * @return this backend's TCP operations
     */
    TcpIo tcp();
}
