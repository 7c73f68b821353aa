package dev.loop.spi;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The installed {@link LoopProvider}s, loaded once (the holder idiom: on first use, and safely
 * published by class initialization), highest priority first.
 */
final class InstalledProviders {

    static final List<LoopProvider> ALL = ServiceLoader.load(LoopProvider.class, LoopProvider.class.getClassLoader())
            .stream()
            .map(ServiceLoader.Provider::get)
            .sorted(Comparator.comparingInt(LoopProvider::priority).reversed())
            .toList();

    private InstalledProviders() {
    }
}
