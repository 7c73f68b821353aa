package dev.loop.it.backend;

import dev.loop.io.spi.IoBackend;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.io.spi.IoBackendProvider;
import java.util.ServiceLoader;

/**
 * A third party's backend, {@code tally}: it wraps the installed NIO backend and counts the polls
 * it serves, so a test can see that the loop really blocked in it. It is registered in this
 * module's descriptor, as an outside backend would be, and proves itself against loop-tck's suites.
 *
 * <p><b>Thread safety:</b> stateless; any thread.
 */
public final class TallyBackendProvider implements IoBackendProvider {

    /** Called by {@link ServiceLoader}. */
    public TallyBackendProvider() {
    }

    @Override
    public String name() {
        return "tally";
    }

    @Override
    public int priority() {
        return -1; // never chosen unless named
    }

    @Override
    public IoBackend create(IoBackendContext context) {
        IoBackendProvider nio = ServiceLoader.load(IoBackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("nio"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the tally backend wraps loop-io's nio backend, which is not installed"));
        return new TallyBackend(nio.create(context));
    }
}
