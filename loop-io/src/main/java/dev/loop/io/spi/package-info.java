/**
 * The I/O backend SPI: {@link dev.loop.io.spi.IoBackendProvider}s are found through
 * {@link java.util.ServiceLoader}; each creates one {@link dev.loop.io.spi.IoBackend} per loop,
 * which is that loop's poller and performs its completion-style operations
 * ({@link dev.loop.io.spi.FileIo}, {@link dev.loop.io.spi.TcpIo}), each completing as
 * {@link dev.loop.io.spi.Completion} says.
 *
 * <p>A backend is created with an {@link dev.loop.io.spi.IoBackendContext}: the loop's side of
 * the poller contract, and the loop's work pool. {@code FileIo}'s whole-file and directory
 * operations have defaults that run the blocking {@code java.nio.file} call on that pool, so a new
 * backend (io_uring, say) works from its first day and overrides one operation at a time as it
 * learns to do it natively. Every implementation proves itself by extending loop-io's conformance
 * suite ({@code FileConformance}, {@code TcpConformance}).
 */
package dev.loop.io.spi;
