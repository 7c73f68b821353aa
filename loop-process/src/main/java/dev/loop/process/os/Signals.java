package dev.loop.process.os;

import java.util.List;
import java.util.Locale;

/**
 * POSIX signal names and their Linux numbers (the same on x86-64 and AArch64), as Node names them:
 * {@code "SIGTERM"}. Accepts the name with or without {@code SIG}, in any case.
 */
public final class Signals {

    /** By number: index n holds the name of signal n. */
    private static final List<String> NAMES = List.of("",
            "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
            "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",
            "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
            "SIGIO", "SIGPWR", "SIGSYS");

    /** {@code SIGHUP}. */
    public static final int HUP = 1;
    /** {@code SIGINT}. */
    public static final int INT = 2;
    /** {@code SIGKILL}. */
    public static final int KILL = 9;
    /** {@code SIGTERM}. */
    public static final int TERM = 15;

    private Signals() {
    }

    /**
     * The number of a signal named as Node names it.
     *
     * @param name {@code "SIGTERM"}, {@code "TERM"} or {@code "sigterm"}
     * @return its number
     * @throws IllegalArgumentException for an unknown name, with the known ones
     */
    public static int number(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        int index = NAMES.indexOf(upper.startsWith("SIG") ? upper : "SIG" + upper);
        if (index <= 0) {
            throw new IllegalArgumentException("unknown signal '" + name + "'; use one of " + NAMES.subList(1, NAMES.size()));
        }
        return index;
    }

    /**
     * The name of signal {@code number}.
     *
     * @param number a signal number
     * @return its name, or null for a number this table does not know
     */
    public static String name(int number) {
        return number > 0 && number < NAMES.size() ? NAMES.get(number) : null;
    }
}
