package dev.loop.core;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.spi.LoopClock;
import dev.loop.spi.Poller;

/**
 * A loop on a manual clock whose poll phase never sleeps: it jumps the clock forward by the poll
 * timeout instead. Enough virtual time for loop-core's own tests; loop-testkit builds the full kit.
 */
final class VirtualTime implements LoopClock {

    private long nanos;

    @Override
    public long nanoTime() {
        return nanos;
    }

    void advanceMillis(long millis) {
        nanos += millis * 1_000_000L;
    }

    EventLoop newLoop() {
        return EventLoop.create(LoopOptions.defaults().withName("virtual").withClock(this).withPoller(context -> new Poller() {
            @Override
            public void poll(long timeoutNanos) {
                if (timeoutNanos == INFINITE) {
                    throw new AssertionError("the loop would block forever waiting for another thread");
                }
                nanos += timeoutNanos;
            }

            @Override
            public void wakeup() {
            }

            @Override
            public void close() {
            }
        }));
    }
}
