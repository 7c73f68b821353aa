package dev.loop.io;

import dev.loop.io.spi.IoBackendProvider;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Chooses the backend provider: the one the user names, else the best available. */
final class IoBackends {

    private IoBackends() {
    }

    static List<IoBackendProvider> all() {
        return ServiceLoader.load(IoBackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(IoBackendProvider::priority).reversed())
                .toList();
    }

    /**
     * The provider named {@code requested} (or by the system property when that is null), else
     * the available one with the highest priority.
     *
     * @throws IllegalArgumentException if no provider has the name; the message lists them all
     * @throws IllegalStateException if the named provider, or every provider, is unavailable
     */
    static IoBackendProvider select(String requested) {
        List<IoBackendProvider> providers = all();
        String name = requested != null ? requested : System.getProperty(IoOptions.BACKEND_PROPERTY);
        if (name != null && !name.isBlank()) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            IoBackendProvider named = providers.stream().filter(p -> p.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No I/O backend is named '" + name.strip()
                            + "'; the backends here are: " + describe(providers)
                            + ". Name one with IoOptions.withBackend(...) or -D" + IoOptions.BACKEND_PROPERTY + "=..."));
            if (!named.isAvailable()) {
                throw new IllegalStateException("The I/O backend '" + named.name() + "' is not available here: "
                        + named.unavailabilityCause() + "; the backends here are: " + describe(providers), named.unavailabilityCause());
            }
            return named;
        }
        return providers.stream().filter(IoBackendProvider::isAvailable).findFirst()
                .orElseThrow(() -> new IllegalStateException("No I/O backend is available: " + describe(providers)));
    }

    private static String describe(List<IoBackendProvider> providers) {
        if (providers.isEmpty()) {
            return "none (is dev.loop.io on the module path?)";
        }
        return providers.stream()
                .map(p -> p.name() + (p.isAvailable() ? " (priority " + p.priority() + ")" : " (unavailable: " + p.unavailabilityCause() + ")"))
                .collect(Collectors.joining(", "));
    }
}
