package dev.loop.io.nio;

import dev.loop.io.spi.FileIo;
import dev.loop.io.spi.IoBackend;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.io.spi.TcpIo;
import dev.loop.spi.PollerContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One loop's NIO backend: the loop's poller blocks in {@link Selector#select}. File operations run
 * on the work pool through the {@link IoBackendContext}, whose completions come back through the
 * loop's own cross-thread queue (which wakes this poller).
 *
 * <p><b>Thread safety:</b> loop thread only, except {@link #wakeup()}.
 */
final class NioBackend implements IoBackend {

    private final PollerContext loop;
    private final Selector selector;
    /**
     * Set by the first {@link #wakeup()} after a select returned; later calls skip the system call.
     * Invariant: while it is set, a {@code selector.wakeup()} has been made that no select has
     * consumed yet, or the loop is between a select's return and {@link #poll}'s reset of the flag,
     * and so will look at its queues before blocking again. Reset only after select returns, never
     * before: a reset before select could swallow a wake-up that raced with it.
     */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final NioFiles files;
    private final NioTcp tcp;
    /** True while poll runs the selected keys' completions. */
    private boolean dispatching;
    /** A channel closed during dispatch: its descriptor is released by a select after it. */
    private boolean releasePending;

    NioBackend(IoBackendContext context) {
        this.loop = context.loop();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a Selector for the NIO backend", e);
        }
        this.files = new NioFiles(context);
        this.tcp = new NioTcp(this, selector, loop);
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public FileIo files() {
        return files;
    }

    @Override
    public TcpIo tcp() {
        return tcp;
    }

    /** Whether the calling thread is the loop's, for assertions. */
    boolean inLoop() {
        return Thread.currentThread() == loop.owner();
    }

    @Override
    public void poll(long timeoutNanos) {
        assert inLoop();
        if (timeoutNanos == 0 && selector.keys().isEmpty()) {
            // Nothing registered: a non-blocking check could find no I/O, only a wake-up, and a
            // wake-up asks the loop to look at its queues, which it is about to do anyway. So no
            // system call (an I/O loop with no channel iterates as fast as a bare one). The
            // wake-up, if any, stays pending in the selector and in wakeupPending, and makes the
            // next blocking select return at once, which the invariant above allows.
            return;
        }
        try {
            // Keys a release left selected count as ready: a blocking select would not return for them.
            if (timeoutNanos == 0 || !selector.selectedKeys().isEmpty()) {
                selector.selectNow();
            } else if (timeoutNanos == INFINITE) {
                selector.select();
            } else {
                selector.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000)); // never 0: that means forever
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the NIO backend's select failed", e);
        }
        wakeupPending.set(false);
        if (timeoutNanos != 0) {
            loop.updateTime();
        }
        var selected = selector.selectedKeys();
        if (!selected.isEmpty()) {
            dispatching = true;
            try {
                for (var key : selected) {
                    ((NioTcp.Ready) key.attachment()).ready(key);
                }
                selected.clear();
            } finally {
                dispatching = false;
            }
            if (releasePending) {
                releasePending = false;
                releaseClosed();
            }
        }
    }

    /**
     * A channel was closed: NIO releases its descriptor only when a select deregisters its key, so
     * select now (or right after the keys being dispatched), as libuv closes at once.
     */
    void released() {
        assert inLoop();
        if (dispatching) {
            releasePending = true;
        } else {
            releaseClosed();
        }
    }

    private void releaseClosed() {
        try {
            selector.selectNow(); // keys it finds ready stay selected for the next poll
        } catch (IOException e) {
            throw new UncheckedIOException("the NIO backend's select failed", e);
        }
        if (wakeupPending.get()) {
            selector.wakeup(); // selectNow consumed a wake-up that the set flag still stands for
        }
    }

    @Override
    public void wakeup() {
        if (!wakeupPending.getAndSet(true)) {
            selector.wakeup();
        }
    }

    @Override
    public void close() {
        for (var key : selector.keys()) {
            try {
                key.channel().close(); // closing the selector alone would leave its sockets open
            } catch (IOException ignored) {
                // closing anyway; nothing can be done with a socket that fails to close
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the NIO backend's selector failed", e);
        }
    }
}
