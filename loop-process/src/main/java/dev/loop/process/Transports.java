package dev.loop.process;

import dev.loop.process.spi.IpcTransportProvider;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the transport a fork uses: the one named, or the available one of highest priority. */
final class Transports {

    private static final List<IpcTransportProvider> INSTALLED = ServiceLoader.load(IpcTransportProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .sorted(Comparator.comparingInt(IpcTransportProvider::priority).reversed())
            .toList();

    private Transports() {
    }

    static IpcTransportProvider choose(String name) {
        if (name != null) {
            IpcTransportProvider named = INSTALLED.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no IPC transport is named '" + name + "'; installed: "
                            + INSTALLED.stream().map(IpcTransportProvider::name).toList()));
            String cause = named.unavailabilityCause();
            if (cause != null) {
                throw new IllegalStateException("the IPC transport '" + name + "' cannot run in this JVM: " + cause);
            }
            return named;
        }
        for (IpcTransportProvider provider : INSTALLED) {
            if (provider.unavailabilityCause() == null) {
                return provider;
            }
        }
        StringBuilder why = new StringBuilder("no IPC transport can run in this JVM:");
        INSTALLED.forEach(p -> why.append("\n  ").append(p.name()).append(": ").append(p.unavailabilityCause()));
        throw new IllegalStateException(why.toString());
    }

    static IpcTransportProvider named(String name) {
        return choose(name);
    }
}
