package dev.loop.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CallbackHost} for testing a phase without a loop: it logs each drain ("drain") and each
 * reported error ("report " + message), and can make the next drains fail as a throwing nextTick
 * would.
 */
final class RecordingHost implements CallbackHost {

    final List<String> log = new ArrayList<>();
    /** Drains still to fail, as if a nextTick threw in each. */
    int failingDrains;
    boolean closed;
    /** Runs inside the next drain (once), as a nextTick would. */
    Runnable duringNextDrain;

    @Override
    public boolean drain() {
        log.add("drain");
        Runnable tick = duringNextDrain;
        duringNextDrain = null;
        if (tick != null) {
            tick.run();
        }
        if (failingDrains > 0) {
            failingDrains--;
            return false;
        }
        return true;
    }

    @Override
    public void callbackStarts() {
        // counting is the loop's; the phases' own tests do not look at it
    }

    @Override
    public void callbacksRan(int count) {
        // as callbackStarts
    }

    @Override
    public boolean timing() {
        return false;
    }

    @Override
    public void watchBegins() {
        // the blocked-loop detector is the loop's
    }

    @Override
    public void watchEnds() {
        // as watchBegins
    }

    @Override
    public void report(Throwable error) {
        log.add("report " + error.getMessage());
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** The loop's cached time, and the clock (which does not move unless a test moves it). */
    long cachedNow;

    @Override
    public long now() {
        return cachedNow;
    }

    @Override
    public long updatedNow() {
        return cachedNow;
    }

    /** A callback that logs {@code label}. */
    Runnable logs(String label) {
        return () -> log.add(label);
    }

    /** A callback that logs {@code label}, then throws an exception with that message. */
    Runnable throwsAfterLogging(String label) {
        return () -> {
            log.add(label);
            throw new IllegalStateException(label);
        };
    }
}
