package dev.loop.it.backend;

import dev.loop.io.spi.FileIo;
import dev.loop.io.spi.IoBackend;
import dev.loop.io.spi.TcpIo;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tally backend of one loop: NIO's operations, with every poll counted.
 *
 * <p><b>Thread safety:</b> as {@link IoBackend}: loop thread only, except {@link #wakeup()}.
 */
final class TallyBackend implements IoBackend {

    /** Polls served by every tally backend of the JVM: written by loop threads, read by tests. */
    static final AtomicLong POLLS = new AtomicLong();

    private final IoBackend nio;

    TallyBackend(IoBackend nio) {
        this.nio = nio;
    }

    @Override
    public String name() {
        return "tally";
    }

    @Override
    public FileIo files() {
        return nio.files();
    }

    @Override
    public TcpIo tcp() {
        return nio.tcp();
    }

    @Override
    public void poll(long timeoutNanos) {
        POLLS.incrementAndGet();
        nio.poll(timeoutNanos);
    }

    @Override
    public void wakeup() {
        nio.wakeup();
    }

    @Override
    public void close() {
        nio.close();
    }
}
