/**
 * Service-provider interfaces, interfaces only: {@link dev.loop.spi.LoopProvider} (an event loop
 * implementation, found with {@link java.util.ServiceLoader}), {@link dev.loop.spi.LoopContext}
 * (what a loop offers the modules built on it, handed out by its provider),
 * {@link dev.loop.spi.Poller} with {@link dev.loop.spi.PollerFactory} and
 * {@link dev.loop.spi.PollerContext} (what the poll phase blocks in; I/O backends implement it),
 * and {@link dev.loop.spi.LoopClock} (the loop's time).
 */
package dev.loop.spi;
