/**
 * The transport SPI of the process module: how the bytes of messages travel between a parent and a
 * forked child. Implement {@link dev.loop.process.spi.IpcTransportProvider} and declare it with
 * {@code provides} (or {@code META-INF/services}) to add a transport; the process module does the
 * rest (values, wake-ups, back pressure, events). The module's own transport, {@code "ring"}, is a
 * lock-free ring in a file on {@code /dev/shm}.
 */
package dev.loop.process.spi;
