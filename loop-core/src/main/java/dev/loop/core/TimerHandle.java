package dev.loop.core;

import dev.loop.api.ResourceKind;
import dev.loop.api.Timeout;
import java.util.Objects;

/**
 * A timeout or interval, and its node in the {@link TimerQueue}: armed while it sits in the list
 * of its duration.
 *
 * <p><b>Thread safety:</b> loop thread only, except {@link #close()}, which forwards itself to the
 * loop when called elsewhere.
 */
final class TimerHandle implements Timeout {

    private final CoreEventLoop loop;
    private final Runnable callback;
    /** At most 2^31-1 ms (checked by the loop), so an int: the handle stays at 48 bytes with {@code start}. */
    private final int delay;
    private final boolean repeat;
    /** Closed by the user: never re-armed by an interval or by refresh(). Loop thread only. */
    private boolean cancelled;
    private boolean ref = true;
    /** True while the callback runs. Loop thread only. */
    private boolean firing;
    // Owned by TimerQueue: the arming time, and the links; list is null while not armed.
    long start;
    TimerQueue.TimerList list;
    TimerHandle prev;
    TimerHandle next;

    TimerHandle(CoreEventLoop loop, Runnable callback, long delay, boolean repeat) {
        this.loop = loop;
        this.callback = callback;
        this.delay = (int) Math.max(1, delay);
        this.repeat = repeat;
    }

    /** Whether it sits in its list. Loop thread. */
    boolean armed() {
        return list != null;
    }

    /**
     * Arms for {@code delay} from the time of the call: the loop reads its clock first, as Node's
     * insert() takes its start from getLibuvNow(), which updates libuv's time. An armed timer moves
     * to the end of its list instead (Node's refresh). Loop thread.
     */
    void arm() {
        armFrom(loop.updatedNow());
    }

    private void armFrom(long start) {
        if (armed()) {
            loop.timers().rearm(this, start);
            return;
        }
        if (ref) {
            loop.addRef(ResourceKind.TIMEOUT);
        }
        loop.timers().add(this, start, delay);
    }

    /**
     * The forwarded half of a setTimeout/setInterval made on another thread: arms unless the
     * handle was closed on the loop thread in the meantime.
     */
    void armIfOpen() {
        if (!cancelled) {
            arm();
        }
    }

    /** Called by the timers phase for a handle it unlinked with {@link TimerQueue#take}. */
    void fire() {
        if (ref) {
            loop.removeRef(ResourceKind.TIMEOUT);
        }
        // An interval's next run counts from the time read just before its callback, as Node's
        // listOnTimeout takes start = getLibuvNow() before calling it.
        long start = repeat ? loop.updatedNow() : 0;
        firing = true;
        loop.callbackStarts();
        loop.watchBegins();
        try {
            callback.run();
        } finally {
            loop.watchEnds();
            firing = false;
            // It re-arms at the end of its list, as listOnTimeout re-inserts it; a refresh() from
            // its own callback is overridden.
            if (repeat && !cancelled && !loop.isClosed()) {
                armFrom(start);
            }
        }
    }

    /** Used by the loop when it closes, after {@link TimerQueue#clear()}: never runs again. */
    void cancelForClose() {
        cancelled = true;
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
            if (armed()) {
                loop.addRef(ResourceKind.TIMEOUT);
            }
        }
        return this;
    }

    @Override
    public Timeout unref() {
        loop.checkLoopThread("Timeout.unref()");
        if (ref) {
            ref = false;
            if (armed()) {
                loop.removeRef(ResourceKind.TIMEOUT);
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
        return armed() || (repeat && !cancelled && firing);
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
            loop.deliverUnlessClosed(this::cancel);
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

    /**
     * Node's {@code unenroll}: the timer leaves its list, and, if it is referenced, its duration's
     * list goes when that is empty, looked up by duration. So a timer closed from its own callback,
     * no longer in the list, still takes its emptied list with it, and a throw from that callback
     * restarts the timers phase past it. Closing a timer again, or a timeout whose callback has
     * returned (Node's {@code _destroyed}), changes nothing.
     */
    private void cancel() {
        boolean firstClose = !cancelled;
        cancelled = true;
        if (armed()) {
            loop.timers().remove(this, ref);
            if (ref) {
                loop.removeRef(ResourceKind.TIMEOUT);
            }
        } else if (firing && firstClose && ref) {
            loop.timers().dropIfEmpty(delay);
        }
    }

    @Override
    public String toString() {
        return (repeat ? "Interval[" : "Timeout[") + delay + " ms, " + (armed() ? "armed" : cancelled ? "closed" : "idle") + "]";
    }
}
