package dev.loop.http;

import java.util.ServiceLoader;

/**
 * Keeps SLF4J from printing its three warning lines about a missing provider, which a user who
 * added no logging would otherwise see the first time Jetty's codec loads: when no provider is
 * installed and {@code slf4j.internal.verbosity} is unset, it is set to {@code ERROR}. With a
 * provider installed nothing is touched. Runs before any Jetty class is loaded.
 */
final class QuietSlf4j {

    private static boolean done;

    private QuietSlf4j() {
    }

    static synchronized void ensure() {
        if (done) {
            return;
        }
        done = true;
        if (System.getProperty("slf4j.internal.verbosity") == null
                && ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class).findFirst().isEmpty()) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }
}
