package com.example.porter.backend;

import dev.loop.io.spi.FileIo;
import dev.loop.io.spi.IoBackend;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.io.spi.IoBackendProvider;
import dev.loop.io.spi.TcpIo;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An I/O backend of our own, {@code counting}: loop-io's NIO operations, with every poll counted,
 * declared in our module descriptor and proved by loop-tck's suites.
 */
public final class CountingBackendProvider implements IoBackendProvider {

    /** Polls served by counting backends, in this JVM. */
    public static final AtomicLong POLLS = new AtomicLong();

    /** Called by ServiceLoader. */
    public CountingBackendProvider() {
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public int priority() {
        return -1; // only when named
    }

    @Override
    public IoBackend create(IoBackendContext context) {
        IoBackendProvider nio = ServiceLoader.load(IoBackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("nio"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the counting backend wraps loop-io's nio backend"));
        IoBackend inner = nio.create(context);
        return new IoBackend() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public FileIo files() {
                return inner.files();
            }

            @Override
            public TcpIo tcp() {
                return inner.tcp();
            }

            @Override
            public void poll(long timeoutNanos) {
                POLLS.incrementAndGet();
                inner.poll(timeoutNanos);
            }

            @Override
            public void wakeup() {
                inner.wakeup();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }
}
