package dev.loop.process;

/**
 * Why {@link Processes#execFile} or {@link Processes#exec} rejected: the command exited with a code
 * other than 0, a signal ended it, it could not start (the cause is the {@code ErrnoException}),
 * or it was killed for running past its timeout or writing past its {@code maxBuffer}. It carries
 * what Node's error does: the command line, the code or signal, whether it was killed, and the
 * output so far.
 */
public final class ExecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String cmd;
    private final Integer code;
    private final String signal;
    private final boolean killed;
    private final String stdout;
    private final String stderr;

    ExecException(String message, Throwable cause, String cmd, ExitStatus status, boolean killed, String stdout,
                  String stderr) {
        super(message, cause);
        this.cmd = cmd;
        this.code = status == null ? null : status.code();
        this.signal = status == null ? null : status.signal();
        this.killed = killed;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * The command line.
     *
     * @return the command and its arguments, or the shell command
     */
    public String cmd() {
        return cmd;
    }

    /**
     * The exit code.
     *
     * @return the code; minus the error number when it could not start; null when a signal ended it
     */
    public Integer code() {
        return code;
    }

    /**
     * The signal that ended the command.
     *
     * @return its name, or null when it exited with a code
     */
    public String signal() {
        return signal;
    }

    /**
     * Whether it was killed for its timeout or its output's size.
     *
     * @return true if this library killed it
     */
    public boolean killed() {
        return killed;
    }

    /**
     * Standard output so far, decoded.
     *
     * @return the text
     */
    public String stdout() {
        return stdout;
    }

    /**
     * Standard error so far, decoded.
     *
     * @return the text
     */
    public String stderr() {
        return stderr;
    }
}
