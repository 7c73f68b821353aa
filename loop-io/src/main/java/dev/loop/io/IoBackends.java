package dev.loop.io;

import dev.loop.io.spi.IoBackendProvider;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
        return select(all(), requested);
    }

    /** {@link #select(String)} among {@code providers}, ordered best first. */
    static IoBackendProvider select(List<IoBackendProvider> providers, String requested) {
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
        IoBackendProvider chosen = providers.stream().filter(IoBackendProvider::isAvailable).findFirst()
                .orElseThrow(() -> new IllegalStateException("No I/O backend is available: " + describe(providers)));
        for (IoBackendProvider better : providers) {
            if (better == chosen) {
                break;
            }
            reportFallback(better, chosen);
        }
        return chosen;
    }

    /** Backends whose fallback has been reported in this process: once each, not once per loop. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    /**
     * Says once per process, through {@link System.Logger}, that a backend ranked above the one
     * chosen is unavailable, and why: a user who added io_uring and got NIO learns what to change.
     *
     * @return whether this call reported it (false when it was reported before)
     */
    static boolean reportFallback(IoBackendProvider unavailable, IoBackendProvider chosen) {
        if (!REPORTED.add(unavailable.name())) {
            return false;
        }
        Throwable cause = unavailable.unavailabilityCause();
        System.getLogger("dev.loop.io").log(System.Logger.Level.INFO, "The " + unavailable.name()
                + " I/O backend is not available here (" + (cause == null ? "no cause given" : cause.getMessage())
                + "); using " + chosen.name() + " instead");
        return true;
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
