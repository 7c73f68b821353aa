package dev.loop.core;

import dev.loop.spi.PollerFactory;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The poller factory that {@value PollerFactory#DEFAULT_PROPERTY} names by class, found through
 * {@link ServiceLoader}, for loops created without one; none when the property is not set.
 */
final class DefaultPollerFactory {

    private DefaultPollerFactory() {
    }

    /**
     * The named factory, or null when the property is not set.
     *
     * @throws IllegalStateException if no provider has that class; the message lists the providers
     */
    static PollerFactory named() {
        String wanted = System.getProperty(PollerFactory.DEFAULT_PROPERTY);
        if (wanted == null || wanted.isBlank()) {
            return null;
        }
        List<ServiceLoader.Provider<PollerFactory>> providers = ServiceLoader.load(PollerFactory.class).stream().toList();
        return providers.stream()
                .filter(provider -> provider.type().getName().equals(wanted.strip()))
                .findFirst()
                .map(ServiceLoader.Provider::get)
                .orElseThrow(() -> new IllegalStateException("-D" + PollerFactory.DEFAULT_PROPERTY + "=" + wanted
                        + " names no PollerFactory provider; the providers here are "
                        + providers.stream().map(p -> p.type().getName()).toList()));
    }
}
