/**
 * The I/O backend SPI: {@link dev.loop.io.spi.IoBackendProvider}s are found through
 * {@link java.util.ServiceLoader}; each creates one {@link dev.loop.io.spi.IoBackend} per loop,
 * which is that loop's poller and performs its completion-style operations.
 */
package dev.loop.io.spi;
