package dev.loop.spi;

/** {@link LoopClock#system()}: the one place a loop's time comes from {@link System#nanoTime()}. */
enum SystemClock implements LoopClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
