package dev.loop.core;

import dev.loop.api.Handle;
import dev.loop.api.ResourceKind;
import java.util.Objects;

/**
 * A handle that only holds a reference on its loop ({@link dev.loop.api.EventLoop#keepAlive()}).
 *
 * <p><b>Thread safety:</b> loop thread only, except {@link #close()}, which forwards itself.
 */
final class KeepAliveHandle implements Handle {

    private final CoreEventLoop loop;
    private final ResourceKind kind;
    private boolean open = true;
    private boolean ref = true;

    KeepAliveHandle(CoreEventLoop loop, ResourceKind kind) {
        this.loop = loop;
        this.kind = kind;
        loop.addRef(kind);
    }

    @Override
    public Handle ref() {
        loop.checkLoopThread("Handle.ref()");
        if (!ref) {
            ref = true;
            if (open) {
                loop.addRef(kind);
            }
        }
        return this;
    }

    @Override
    public Handle unref() {
        loop.checkLoopThread("Handle.unref()");
        if (ref) {
            ref = false;
            if (open) {
                loop.removeRef(kind);
            }
        }
        return this;
    }

    @Override
    public boolean hasRef() {
        loop.checkLoopThread("Handle.hasRef()");
        return ref;
    }

    @Override
    public boolean isActive() {
        loop.checkLoopThread("Handle.isActive()");
        return open;
    }

    @Override
    public void close() {
        if (!loop.inLoop()) {
            loop.deliverUnlessClosed(this::release);
            return;
        }
        release();
    }

    @Override
    public void close(Runnable closeCallback) {
        Objects.requireNonNull(closeCallback, "closeCallback");
        loop.checkLoopThread("Handle.close(Runnable)");
        if (open) {
            release();
            loop.closeLater(closeCallback);
        }
    }

    private void release() {
        if (open) {
            open = false;
            if (ref) {
                loop.removeRef(kind);
            }
        }
    }
}
