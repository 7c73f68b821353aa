package dev.loop.core;

import dev.loop.api.Timeout;
import java.util.Objects;

/**
 * A timeout or interval. Its entry in the {@link TimerHeap} is live while {@link #armedSeq} equals
 * the sequence number the entry was pushed with; disarming just clears that number.
 *
 * <p><b>Thread safety:</b> loop thread only, except {@link #close()}, which forwards itself to the
 * loop when called elsewhere.
 */
final class TimerHandle implements Timeout {

    private final CoreEventLoop loop;
    private final Runnable callback;
    private final long delay;
    private final boolean repeat;
    /** Sequence of the live heap entry, 0 when not armed. Loop thread only. */
    private long armedSeq;
    /** Closed by the user: never re-armed by an interval or by refresh(). Loop thread only. */
    private boolean cancelled;
    private boolean ref = true;
    /** True while the callback runs. Loop thread only. */
    private boolean firing;

    TimerHandle(CoreEventLoop loop, Runnable callback, long delay, boolean repeat) {
        this.loop = loop;
        this.callback = callback;
        this.delay = Math.max(1, delay);
        this.repeat = repeat;
    }

    long armedSeq() {
        return armedSeq;
    }

    /** Arms for {@code delay} from the loop's cached now. The loop calls this, on its thread. */
    void arm() {
        if (armedSeq != 0) {
            armedSeq = 0; // forget the old entry before the heap may sweep it
            loop.timers().invalidated();
        } else if (ref) {
            loop.addRef();
        }
        armedSeq = loop.nextTimerSeq();
        loop.timers().push(this, loop.nowMillis() + delay, armedSeq);
    }

    private void disarm() {
        if (armedSeq != 0) {
            armedSeq = 0;
            if (ref) {
                loop.removeRef();
            }
        }
    }

    /** Called by the timers phase for an entry that {@link TimerHeap#pollDue} returned. */
    void fire() {
        disarm();
        firing = true;
        try {
            callback.run();
        } finally {
            firing = false;
            // An interval re-arms from the loop time at which it ran (Node's listOnTimeout), unless
            // it was closed or refreshed from inside its own callback.
            if (repeat && !cancelled && armedSeq == 0 && !loop.isClosing()) {
                arm();
            }
        }
    }

    /** Used by the loop when it closes: drop the entry without running anything. */
    void cancelForClose() {
        cancelled = true;
        armedSeq = 0;
    }

    @Override
    public Timeout refresh() {
        loop.checkLoopThread("Timeout.refresh()");
        loop.checkOpen();
        if (!cancelled) {
            arm();
        }
        return this;
    }

    @Override
    public Timeout ref() {
        loop.checkLoopThread("Timeout.ref()");
        if (!ref) {
            ref = true;
            if (armedSeq != 0) {
                loop.addRef();
            }
        }
        return this;
    }

    @Override
    public Timeout unref() {
        loop.checkLoopThread("Timeout.unref()");
        if (ref) {
            ref = false;
            if (armedSeq != 0) {
                loop.removeRef();
            }
        }
        return this;
    }

    @Override
    public boolean hasRef() {
        loop.checkLoopThread("Timeout.hasRef()");
        return ref;
    }

    @Override
    public boolean isActive() {
        loop.checkLoopThread("Timeout.isActive()");
        return armedSeq != 0 || (repeat && !cancelled && firing);
    }

    @Override
    public long delayMillis() {
        return delay;
    }

    @Override
    public boolean isRepeating() {
        return repeat;
    }

    @Override
    public void close() {
        if (!loop.inLoop()) {
            loop.forward(this::cancel);
            return;
        }
        cancel();
    }

    @Override
    public void close(Runnable closeCallback) {
        Objects.requireNonNull(closeCallback, "closeCallback");
        loop.checkLoopThread("Timeout.close(Runnable)");
        if (!cancelled) {
            cancel();
            loop.closeLater(closeCallback);
        }
    }

    private void cancel() {
        cancelled = true;
        if (armedSeq != 0) {
            disarm(); // forget the entry before the heap may sweep it
            loop.timers().invalidated();
        }
    }

    @Override
    public String toString() {
        return (repeat ? "Interval[" : "Timeout[") + delay + " ms, " + (armedSeq != 0 ? "armed" : cancelled ? "closed" : "idle") + "]";
    }
}
