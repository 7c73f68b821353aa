/**
 * Service-provider interfaces: {@link dev.loop.spi.LoopProvider} (an event loop implementation,
 * found with {@link java.util.ServiceLoader}), {@link dev.loop.spi.Poller} (what the poll phase
 * blocks in; I/O backends implement it), and {@link dev.loop.spi.LoopClock} (the loop's time).
 */
package dev.loop.spi;
