package dev.loop.core;

import dev.loop.api.Immediate;
import java.util.Objects;

/**
 * A {@code setImmediate} callback and its node in the {@link ImmediateQueue}.
 *
 * <p><b>Thread safety:</b> loop thread only, except {@link #close()}, which forwards itself to the
 * loop when called elsewhere.
 */
final class ImmediateHandle implements Immediate {

    private final CoreEventLoop loop;
    private final Runnable callback;
    private boolean ref = true;
    /** Closed by the user (clearImmediate): a forwarded queueImmediate must not queue it. */
    private boolean closed;
    // Links, owned by ImmediateQueue.List; list is null when not queued.
    ImmediateQueue.List list;
    ImmediateHandle prev;
    ImmediateHandle next;

    ImmediateHandle(CoreEventLoop loop, Runnable callback) {
        this.loop = loop;
        this.callback = callback;
    }

    Runnable callback() {
        return callback;
    }

    boolean hasRefUnchecked() {
        return ref;
    }

    boolean isQueued() {
        return list != null;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public Immediate ref() {
        loop.checkLoopThread("Immediate.ref()");
        if (!ref) {
            ref = true;
            if (isQueued()) {
                loop.immediates().refChanged(true);
            }
        }
        return this;
    }

    @Override
    public Immediate unref() {
        loop.checkLoopThread("Immediate.unref()");
        if (ref) {
            ref = false;
            if (isQueued()) {
                loop.immediates().refChanged(false);
            }
        }
        return this;
    }

    @Override
    public boolean hasRef() {
        loop.checkLoopThread("Immediate.hasRef()");
        return ref;
    }

    @Override
    public boolean isActive() {
        loop.checkLoopThread("Immediate.isActive()");
        return isQueued();
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
        loop.checkLoopThread("Immediate.close(Runnable)");
        if (!closed) {
            cancel();
            loop.closeLater(closeCallback);
        }
    }

    private void cancel() {
        closed = true;
        if (isQueued()) {
            loop.immediates().remove(this);
        }
    }

    @Override
    public String toString() {
        return "Immediate[" + (isQueued() ? "queued" : "done") + "]";
    }
}
