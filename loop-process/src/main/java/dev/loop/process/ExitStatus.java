package dev.loop.process;

/**
 * How a child ended, as Node's {@code exit(code, signal)} event says: either an exit code, or the
 * signal that ended it, never both.
 *
 * <p>A spawned command's status is exactly what the kernel reports. A forked JVM ends on {@code SIGTERM}, {@code SIGINT} and {@code SIGHUP} by running its shutdown hooks
 * and exiting with 128 plus the signal's number; so exit codes from 129 to 159 are reported as that
 * signal (a child that calls {@code System.exit(143)} itself is reported as ended by
 * {@code SIGTERM}).
 *
 * @param code the exit code, or null when a signal ended the child
 * @param signal the signal's name ({@code "SIGKILL"}), or null when it exited
 */
public record ExitStatus(Integer code, String signal) {

    /** Checks that exactly one is set. */
    public ExitStatus {
        if ((code == null) == (signal == null)) {
            throw new IllegalArgumentException("exactly one of code and signal: " + code + ", " + signal);
        }
    }

    /**
     * The status of a child whose {@code Process.exitValue()} is {@code value}.
     *
     * @param value the JDK's exit value
     * @return the status
     */
    static ExitStatus fromExitValue(int value) {
        String signal = value > 128 ? dev.loop.process.os.Signals.name(value - 128) : null;
        return signal != null ? new ExitStatus(null, signal) : new ExitStatus(value, null);
    }

    /**
     * The status the reactor reaped.
     *
     * @param raw the exit code (0 to 255), or minus the signal's number
     * @param jvm whether the child is a forked JVM, whose codes 129 to 159 are signals it handled
     * @return the status
     */
    static ExitStatus fromWait(int raw, boolean jvm) {
        if (raw < 0) {
            String name = dev.loop.process.os.Signals.name(-raw);
            return new ExitStatus(null, name != null ? name : "SIG" + -raw);
        }
        return jvm ? fromExitValue(raw) : new ExitStatus(raw, null);
    }

    @Override
    public String toString() {
        return code != null ? "exit code " + code : "signal " + signal;
    }
}
