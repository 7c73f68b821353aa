/**
 * The event loop: libuv's phases with Node's ordering rules. Exports nothing; {@link dev.loop.api.EventLoop#create()} finds
 * it through the {@link dev.loop.spi.LoopProvider} it provides.
 */
@SuppressWarnings("requires-automatic") // HdrHistogram 2.2.2 has no module descriptor: its name comes from the jar
module dev.loop.core {
    // requires: our own API (in our signatures) and the lock-free queue for cross-thread tasks
    requires transitive dev.loop.api;
    requires org.jctools.core;
    // requires: the delay histogram (Node's monitorEventLoopDelay keeps the same structure)
    requires HdrHistogram;
    // requires: the JFR events (dev.loop.*), off unless a recording enables them
    requires jdk.jfr;

    // provides: the loop implementation
    provides dev.loop.spi.LoopProvider with dev.loop.core.CoreLoopProvider;
}
