package dev.loop.process.ring;

import dev.loop.process.os.Native;
import dev.loop.process.spi.IpcReader;
import dev.loop.process.spi.IpcTransportProvider;
import dev.loop.process.spi.IpcWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The process module's own transport, {@code "ring"}: a lock-free single-producer,
 * single-consumer ring per direction in a shared file ({@link Ring}). It needs no JVM flags beyond
 * the module's own {@code --enable-native-access}, and is bounded: a writer finds it full when the
 * reader falls a capacity behind.
 */
public final class RingTransportProvider implements IpcTransportProvider {

    /** The name to give {@code ForkOptions.withTransport}. */
    public static final String NAME = "ring";

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public RingTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String unavailabilityCause() {
        return Native.unavailabilityCause();
    }

    @Override
    public IpcWriter openWriter(Path directory, String queue, long capacityBytes) throws IOException {
        return new RingWriter(Ring.open(directory, queue, capacityBytes));
    }

    @Override
    public IpcReader openReader(Path directory, String queue, long capacityBytes) throws IOException {
        return new RingReader(Ring.open(directory, queue, capacityBytes));
    }
}
