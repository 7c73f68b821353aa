package dev.loop.core;

import dev.loop.api.Handle;
import java.util.Objects;

/**
 * A handle that only holds a reference on its loop ({@link dev.loop.api.EventLoop#keepAlive()}).
 *
 * <p><b>Thread safety:</b> loop thread only, except {@link #close()}, which forwards itself.
 */
final class KeepAliveHandle implements Handle {

    private final CoreEventLoop loop;
    private boolean open = true;
    private boolean ref = true;

    KeepAliveHandle(CoreEventLoop loop) {
        this.loop = loop;
        loop.addRef();
    }

    @Override
    public Handle ref() {
        loop.checkLoopThread("Handle.ref()");
        if (!ref) {
            ref = true;
            if (open) {
                loop.addRef();
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
                loop.removeRef();
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
                loop.removeRef();
            }
        }
    }
}
