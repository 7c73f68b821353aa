package dev.loop.api;

import dev.loop.spi.LoopContext;

/** Where an abort's consequences run: what the library's abortable operations share. */
final class Aborts {

    private Aborts() {
    }

    /**
     * Runs {@code reaction} now if the abort came on {@code loop}'s thread, else hands it to that
     * loop as one task. Never throws at the aborting thread: a loop that has closed ran its last
     * callbacks, and the reaction is dropped with it; a full cross-thread queue does not refuse it.
     */
    static void onLoop(EventLoop loop, Runnable reaction) {
        if (loop.inLoop()) {
            reaction.run();
        } else {
            LoopContext.of(loop).deliverUnlessClosed(reaction);
        }
    }
}
