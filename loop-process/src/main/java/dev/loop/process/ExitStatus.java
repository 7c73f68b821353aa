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
 * <p>For a forked child it also tells how many messages sent to it were never acknowledged (see
 * {@link ChildProcess#unacknowledged()}): nothing sent to a child that died is lost silently.
 *
 * @param code the exit code, or null when a signal ended the child
 * @param signal the signal's name ({@code "SIGKILL"}), or null when it exited
 * @param unacknowledged how many messages sent to a forked child never returned from its message
 *     callback; 0 for a spawned command
 */
public record ExitStatus(Integer code, String signal, int unacknowledged) {

    /** Checks that exactly one of code and signal is set. */
    public ExitStatus {
        if ((code == null) == (signal == null)) {
            throw new IllegalArgumentException("exactly one of code and signal: " + code + ", " + signal);
        }
        if (unacknowledged < 0) {
            throw new IllegalArgumentException("unacknowledged must not be negative: " + unacknowledged);
        }
    }

    /**
     * A status with every message acknowledged (or none sent).
     *
     * @param code the exit code, or null when a signal ended the child
     * @param signal the signal's name, or null when it exited
     */
    public ExitStatus(Integer code, String signal) {
        this(code, signal, 0);
    }

    /** This status, saying that {@code count} messages were never acknowledged. */
    ExitStatus withUnacknowledged(int count) {
        return new ExitStatus(code, signal, count);
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
        String how = code != null ? "exit code " + code : "signal " + signal;
        return unacknowledged == 0 ? how : how + ", " + unacknowledged + " message(s) unacknowledged";
    }
}
